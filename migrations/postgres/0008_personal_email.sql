-- A private address for a new hire without a working company mailbox yet: their first
-- password can go there (`send-password --address personal|auto`). Optional; checked like
-- email. Not part of the search key (a private address is not something HR searches by).

ALTER TABLE employees ADD COLUMN personal_email TEXT;
