
use builtin;
use str;

set edit:completion:arg-completer[hrpass] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hrpass'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hrpass'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the home: store, config and vault key (safe to run again)'
            cand employees 'Upload, check, find and edit employees'
            cand relations 'Reporting relationships (who reports to whom)'
            cand select 'The "Selected employees" list that send-password works on'
            cand policy 'The password policy: show, change (versioned), history, check a password'
            cand verify 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked'
            cand passwd 'Set an employee''s own password (asked twice on a terminal, else read from stdin)'
            cand 2fa 'Employees'' second factor (TOTP): enrol, confirm, status, reset'
            cand forgot '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way'
            cand send-password 'Send each target employee a portal password by email (the selection by default)'
            cand serve 'The employees'' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company''s other web apps'
            cand send-email 'Send each target employee a general email from a message template (no password), through the same outbox as passwords'
            cand notify-expiring 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)'
            cand outbox 'Deliveries that are queued, sent, failed or cancelled'
            cand template 'Email templates: list, show, set, edit, preview'
            cand log 'The audit trail: who did what to whom, and when'
            cand vault 'The vault key that seals issued passwords: its fingerprint'
            cand store 'The store: which engine, where, its schema and what it holds'
            cand mail 'Check the mail set-up: a test message without any password'
            cand config 'The effective configuration and where each value came from'
            cand operator 'Operators: who may run hrpass on this store, in which role, over which employees'
            cand login 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry'
            cand logout 'End this store''s operator session (or the token given)'
            cand whoami 'Who this command runs as: operator, role, scope and session'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): the main one, or a command''s; --dir writes them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;init'= {
            cand --store 'Create the store in this PostgreSQL database (postgres://USER@HOST:PORT/DATABASE, no password: PGPASSWORD or ~/.pgpass) and record it in hrpass.toml; without it, the store is hrpass.db in the home (or HRPASS_STORE / [store] url when set)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee, with where their password stands'
            cand add 'Add one employee'
            cand update 'Change fields of one employee'
            cand deactivate 'Mark an employee as no longer active'
            cand export 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;employees;import'= {
            cand --on-existing 'What to do with a row whose employee code is already in the store'
            cand --map 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")'
            cand --delimiter 'The field separator; auto detects `,` `;` or tab from the header row'
            cand --status-map 'What one of the file''s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")'
            cand --manager-by 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --dry-run 'Check everything and say what would change, writing nothing'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;employees;validate'= {
            cand --report 'Write the rows that have errors, with `line` and `error` columns, to this CSV file'
            cand --on-existing 'What to do with a row whose employee code is already in the store'
            cand --map 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")'
            cand --delimiter 'The field separator; auto detects `,` `;` or tab from the header row'
            cand --status-map 'What one of the file''s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")'
            cand --manager-by 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;employees;search'= {
            cand --department 'Everyone in this department (case does not matter)'
            cand --status 'Only active or only inactive employees'
            cand --manager 'Direct reports of this manager (employee code)'
            cand --title 'Job title contains this text'
            cand --limit 'At most this many results'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --recursive 'With --manager: everyone below that manager, not only direct reports'
            cand --non-compliant 'Whose active password breaks the policy in force (judged from stored facts)'
            cand --expired 'Whose active password has expired'
            cand --locked 'Whose password is locked after too many wrong sign-ins'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;show'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;add'= {
            cand --code 'The new employee''s code (unique, no spaces)'
            cand --email 'Their work email address'
            cand --first-name 'First name'
            cand --last-name 'Last name'
            cand --department 'Department'
            cand --job-title 'Job title'
            cand --manager 'The manager''s employee code'
            cand --status 'active or inactive'
            cand --personal-email 'A private address, for a new hire without a company mailbox yet (`send-password --address personal|auto`)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;update'= {
            cand --email 'New work email address'
            cand --first-name 'New first name'
            cand --last-name 'New last name'
            cand --department 'New department'
            cand --job-title 'New job title'
            cand --manager 'The manager''s employee code; an empty value removes the manager'
            cand --status 'active or inactive'
            cand --personal-email 'New private address; an empty value removes it'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;deactivate'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;export'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;employees;help'= {
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee, with where their password stands'
            cand add 'Add one employee'
            cand update 'Change fields of one employee'
            cand deactivate 'Mark an employee as no longer active'
            cand export 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;employees;help;import'= {
        }
        &'hrpass;employees;help;validate'= {
        }
        &'hrpass;employees;help;search'= {
        }
        &'hrpass;employees;help;show'= {
        }
        &'hrpass;employees;help;add'= {
        }
        &'hrpass;employees;help;update'= {
        }
        &'hrpass;employees;help;deactivate'= {
        }
        &'hrpass;employees;help;export'= {
        }
        &'hrpass;employees;help;help'= {
        }
        &'hrpass;relations'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand import 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;relations;import'= {
            cand --map 'Read the file''s column SOURCE as employee_code or manager_code (e.g. --map "Reports To ID=manager_code")'
            cand --delimiter 'The field separator; auto detects `,` `;` or tab from the header row'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;relations;help'= {
            cand import 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;relations;help;import'= {
        }
        &'hrpass;relations;help;help'= {
        }
        &'hrpass;select'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add employees by code or name (exact code, then full name, then a unique substring)'
            cand remove 'Take employees off the list'
            cand list 'Show the selected employees'
            cand clear 'Empty the list'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;select;add'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -i 'When a name fits several employees, let me pick on the terminal'
            cand --interactive 'When a name fits several employees, let me pick on the terminal'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;select;remove'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -i 'When a name fits several employees, let me pick on the terminal'
            cand --interactive 'When a name fits several employees, let me pick on the terminal'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;select;list'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;select;clear'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;select;help'= {
            cand add 'Add employees by code or name (exact code, then full name, then a unique substring)'
            cand remove 'Take employees off the list'
            cand list 'Show the selected employees'
            cand clear 'Empty the list'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;select;help;add'= {
        }
        &'hrpass;select;help;remove'= {
        }
        &'hrpass;select;help;list'= {
        }
        &'hrpass;select;help;clear'= {
        }
        &'hrpass;select;help;help'= {
        }
        &'hrpass;policy'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Show the policy in force (or an older version)'
            cand set 'Change settings: makes a new version; contradictions are refused'
            cand history 'Every version, who made it and when'
            cand check 'Check a password from stdin against the policy (exit 1 with every broken rule)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;policy;show'= {
            cand --version 'version'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;policy;set'= {
            cand --min-length 'The fewest characters a password may have (at least 8)'
            cand --max-length 'The most characters a password may have (at least 64)'
            cand --generated-length 'Length of generated passwords'
            cand --require-upper 'An employee''s own password must have an upper-case letter'
            cand --require-lower '… a lower-case letter'
            cand --require-digit '… a digit'
            cand --require-symbol '… a symbol'
            cand --exclude-ambiguous 'Leave look-alike characters (0/O, 1/l/I) out of generated passwords'
            cand --block-word 'Refuse passwords containing this word (repeatable)'
            cand --unblock-word 'Stop refusing this word (repeatable)'
            cand --history 'How many previous passwords cannot be used again'
            cand --max-age-days 'Days an employee''s own password lasts (0: no expiry, as NIST advises)'
            cand --temp-valid-hours 'Hours an issued password stays valid'
            cand --lockout-threshold 'Failed sign-ins before the password locks'
            cand --min-strength 'The least strength (0-4, zxcvbn) an employee''s own password needs; 0: no check'
            cand --style 'How generated passwords look: random characters, or a passphrase of words'
            cand --symbols 'The symbols of random generated passwords: typeable on every common keyboard layout, or all ASCII punctuation'
            cand --passphrase-words 'Words in a generated passphrase (4-20; 12.9 bits each)'
            cand --require-2fa 'Every employee must have a second factor: verify answers "must enrol" until they do'
            cand --forgot-per-employee 'New passwords `hrpass forgot` gives one employee in an hour (0: forgot is off)'
            cand --forgot-per-hour '`hrpass forgot` requests in all in an hour, known or not (0: no overall limit)'
            cand --session-idle-minutes 'The portal signs an employee out after this many minutes without a request (1-1440)'
            cand --session-max-hours 'The portal signs an employee out this many hours after they signed in (1-720)'
            cand --link-valid-hours 'Hours an activation link (send-password --link) works once its mail is accepted (1-72)'
            cand --forgot-sends 'What "forgot password" mails: auto (a link when [portal] public_url is set), link or password'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;policy;history'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;policy;check'= {
            cand --employee 'Also refuse this employee''s own names, email and code'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;policy;help'= {
            cand show 'Show the policy in force (or an older version)'
            cand set 'Change settings: makes a new version; contradictions are refused'
            cand history 'Every version, who made it and when'
            cand check 'Check a password from stdin against the policy (exit 1 with every broken rule)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;policy;help;show'= {
        }
        &'hrpass;policy;help;set'= {
        }
        &'hrpass;policy;help;history'= {
        }
        &'hrpass;policy;help;check'= {
        }
        &'hrpass;policy;help;help'= {
        }
        &'hrpass;verify'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;passwd'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;2fa'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand enroll 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
            cand confirm 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
            cand status 'Whether an employee has a second factor (without CODE: how many employees have one)'
            cand reset 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;2fa;enroll'= {
            cand --qr 'Also write the QR code to FILE (.png or .svg), readable by you only'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;2fa;confirm'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;2fa;status'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;2fa;reset'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;2fa;help'= {
            cand enroll 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
            cand confirm 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
            cand status 'Whether an employee has a second factor (without CODE: how many employees have one)'
            cand reset 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;2fa;help;enroll'= {
        }
        &'hrpass;2fa;help;confirm'= {
        }
        &'hrpass;2fa;help;status'= {
        }
        &'hrpass;2fa;help;reset'= {
        }
        &'hrpass;2fa;help;help'= {
        }
        &'hrpass;forgot'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;send-password'= {
            cand --to 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)'
            cand --department 'Everyone in this department'
            cand --template 'The email template (default: new-password, existing-password or activation-link)'
            cand --report 'Write one row per employee with the outcome and reason'
            cand --address 'Which address new deliveries go to: work (`email`), personal (`personal_email`; employees without one are refused) or auto (personal for a new hire who has it and no active password yet, else work)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --regenerate 'Generate a new password per the policy for each employee'
            cand --existing 'Send the password hrpass already issued (refused where there is none)'
            cand --link 'Send a single-use link to set a password on the portal instead of a password (needs [portal] public_url; valid for the policy''s link_valid_hours once delivered)'
            cand --all 'Every employee'
            cand --non-compliant 'Everyone whose password breaks the policy in force'
            cand --expired 'Everyone whose password has expired'
            cand --dry-run 'Say what would happen; change and send nothing'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;serve'= {
            cand --listen 'The address and port to listen on'
            cand --tls-cert 'Serve HTTPS with this certificate chain (PEM)'
            cand --tls-key 'The certificate''s private key (PEM)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;send-email'= {
            cand --template 'The message template to send (kind message: it must not use {{ password }})'
            cand --to 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)'
            cand --department 'Everyone in this department'
            cand --report 'Write one row per employee with the outcome and reason'
            cand --address 'Which address it goes to: work, personal or auto (as send-password)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --all 'Every employee'
            cand --non-compliant 'Everyone whose password breaks the policy in force'
            cand --expired 'Everyone whose password has expired'
            cand --dry-run 'Say what would happen; change and send nothing'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;notify-expiring'= {
            cand --within 'Remind employees whose issued password expires within this long: 3d, 36h, 90m'
            cand --template 'The message template (default: expiring-password)'
            cand --report 'Write one row per employee with the outcome and reason'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --dry-run 'Say who would be reminded; change and send nothing'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;outbox'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Deliveries, newest last'
            cand retry 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
            cand cancel 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;outbox;list'= {
            cand --state 'Only this state: queued, sent, failed, cancelled, superseded or obsolete'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;outbox;retry'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;outbox;cancel'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;outbox;help'= {
            cand list 'Deliveries, newest last'
            cand retry 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
            cand cancel 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;outbox;help;list'= {
        }
        &'hrpass;outbox;help;retry'= {
        }
        &'hrpass;outbox;help;cancel'= {
        }
        &'hrpass;outbox;help;help'= {
        }
        &'hrpass;template'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'The templates and the version of each in force'
            cand show 'Print a template (the version in force, or an older one)'
            cand set 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
            cand edit 'Edit one part in $EDITOR and store the result as a new version'
            cand preview 'Render a template with the password masked'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;template;list'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;template;show'= {
            cand --version 'version'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;template;set'= {
            cand --kind 'password (for send-password), link (for send-password --link) or message (for send-email and notify-expiring; neither); default: the kind the name already has, else password'
            cand --subject 'The subject line (a template too; one line, at most 200 characters rendered)'
            cand --text 'The plain-text part'
            cand --html 'The HTML part (values are HTML-escaped in it)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'hrpass;template;edit'= {
            cand --part 'Which part to edit'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;template;preview'= {
            cand --employee 'Render for this employee (default: a sample one)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;template;help'= {
            cand list 'The templates and the version of each in force'
            cand show 'Print a template (the version in force, or an older one)'
            cand set 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
            cand edit 'Edit one part in $EDITOR and store the result as a new version'
            cand preview 'Render a template with the password masked'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;template;help;list'= {
        }
        &'hrpass;template;help;show'= {
        }
        &'hrpass;template;help;set'= {
        }
        &'hrpass;template;help;edit'= {
        }
        &'hrpass;template;help;preview'= {
        }
        &'hrpass;template;help;help'= {
        }
        &'hrpass;log'= {
            cand --employee 'Only entries about this employee'
            cand --since 'Only entries since: today, yesterday, 7d, 12h, 30m, a date (2026-11-27) or a time (2026-11-27T09:00:00Z); days start at midnight UTC'
            cand --limit 'At most this many, newest last'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;vault'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand fingerprint 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;vault;fingerprint'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;vault;help'= {
            cand fingerprint 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;vault;help;fingerprint'= {
        }
        &'hrpass;vault;help;help'= {
        }
        &'hrpass;store'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand status 'The engine, where the store is, its schema version and what it holds'
            cand copy 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;store;status'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;store;copy'= {
            cand --to 'Where to: postgres://USER@HOST:PORT/DATABASE (an empty database; no password in the URL) or the path of an SQLite file that does not exist yet'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;store;help'= {
            cand status 'The engine, where the store is, its schema version and what it holds'
            cand copy 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;store;help;status'= {
        }
        &'hrpass;store;help;copy'= {
        }
        &'hrpass;store;help;help'= {
        }
        &'hrpass;mail'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand test 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
            cand login 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
            cand logout 'Forget the stored sign-in of the sending mailbox'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;mail;test'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --token-only 'Only get an OAuth2 access token (from `mail login`''s sign-in or token_command), without connecting to the mail server'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;mail;login'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;mail;logout'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;mail;help'= {
            cand test 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
            cand login 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
            cand logout 'Forget the stored sign-in of the sending mailbox'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;mail;help;test'= {
        }
        &'hrpass;mail;help;login'= {
        }
        &'hrpass;mail;help;logout'= {
        }
        &'hrpass;mail;help;help'= {
        }
        &'hrpass;config'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;config;show'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;config;help'= {
            cand show 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;config;help;show'= {
        }
        &'hrpass;config;help;help'= {
        }
        &'hrpass;operator'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)'
            cand list 'The operators, their roles and scopes'
            cand set 'Change an operator''s role or scope (what is not given stays; an empty value clears)'
            cand remove 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
            cand masquerade 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
            cand token 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;operator;add'= {
            cand --role 'The operator''s role'
            cand --departments 'Departments in scope, comma-separated'
            cand --reports-to 'Everyone below this employee in the reporting graph is in scope'
            cand --db-role 'PostgreSQL: the database login role the operator signs in as'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;list'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;set'= {
            cand --role 'The new role'
            cand --departments 'The departments of the scope, comma-separated (replaces the old ones)'
            cand --reports-to 'Everyone below this employee is in scope ("" removes it)'
            cand --db-role 'PostgreSQL: the database login role the operator signs in as ("" removes it)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;remove'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;masquerade'= {
            cand --reason 'Why (one line; the employee is told)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;token'= {
            cand --expires 'How long it is valid: 90d, 36h, 30m (at most 366d)'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;operator;help'= {
            cand add 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)'
            cand list 'The operators, their roles and scopes'
            cand set 'Change an operator''s role or scope (what is not given stays; an empty value clears)'
            cand remove 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
            cand masquerade 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
            cand token 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;operator;help;add'= {
        }
        &'hrpass;operator;help;list'= {
        }
        &'hrpass;operator;help;set'= {
        }
        &'hrpass;operator;help;remove'= {
        }
        &'hrpass;operator;help;masquerade'= {
        }
        &'hrpass;operator;help;token'= {
        }
        &'hrpass;operator;help;help'= {
        }
        &'hrpass;login'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;logout'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;whoami'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;completions'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;man'= {
            cand --dir 'Write every page (hrpass.1 and one per command, hrpass-send-password.1 …) into DIR instead, for `man -M` or /usr/local/share/man/man1'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --token-file 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'hrpass;help'= {
            cand init 'Create the home: store, config and vault key (safe to run again)'
            cand employees 'Upload, check, find and edit employees'
            cand relations 'Reporting relationships (who reports to whom)'
            cand select 'The "Selected employees" list that send-password works on'
            cand policy 'The password policy: show, change (versioned), history, check a password'
            cand verify 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked'
            cand passwd 'Set an employee''s own password (asked twice on a terminal, else read from stdin)'
            cand 2fa 'Employees'' second factor (TOTP): enrol, confirm, status, reset'
            cand forgot '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way'
            cand send-password 'Send each target employee a portal password by email (the selection by default)'
            cand serve 'The employees'' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company''s other web apps'
            cand send-email 'Send each target employee a general email from a message template (no password), through the same outbox as passwords'
            cand notify-expiring 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)'
            cand outbox 'Deliveries that are queued, sent, failed or cancelled'
            cand template 'Email templates: list, show, set, edit, preview'
            cand log 'The audit trail: who did what to whom, and when'
            cand vault 'The vault key that seals issued passwords: its fingerprint'
            cand store 'The store: which engine, where, its schema and what it holds'
            cand mail 'Check the mail set-up: a test message without any password'
            cand config 'The effective configuration and where each value came from'
            cand operator 'Operators: who may run hrpass on this store, in which role, over which employees'
            cand login 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry'
            cand logout 'End this store''s operator session (or the token given)'
            cand whoami 'Who this command runs as: operator, role, scope and session'
            cand completions 'Print a shell completion script'
            cand man 'Print a man page (roff): the main one, or a command''s; --dir writes them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;help;init'= {
        }
        &'hrpass;help;employees'= {
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee, with where their password stands'
            cand add 'Add one employee'
            cand update 'Change fields of one employee'
            cand deactivate 'Mark an employee as no longer active'
            cand export 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
        }
        &'hrpass;help;employees;import'= {
        }
        &'hrpass;help;employees;validate'= {
        }
        &'hrpass;help;employees;search'= {
        }
        &'hrpass;help;employees;show'= {
        }
        &'hrpass;help;employees;add'= {
        }
        &'hrpass;help;employees;update'= {
        }
        &'hrpass;help;employees;deactivate'= {
        }
        &'hrpass;help;employees;export'= {
        }
        &'hrpass;help;relations'= {
            cand import 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
        }
        &'hrpass;help;relations;import'= {
        }
        &'hrpass;help;select'= {
            cand add 'Add employees by code or name (exact code, then full name, then a unique substring)'
            cand remove 'Take employees off the list'
            cand list 'Show the selected employees'
            cand clear 'Empty the list'
        }
        &'hrpass;help;select;add'= {
        }
        &'hrpass;help;select;remove'= {
        }
        &'hrpass;help;select;list'= {
        }
        &'hrpass;help;select;clear'= {
        }
        &'hrpass;help;policy'= {
            cand show 'Show the policy in force (or an older version)'
            cand set 'Change settings: makes a new version; contradictions are refused'
            cand history 'Every version, who made it and when'
            cand check 'Check a password from stdin against the policy (exit 1 with every broken rule)'
        }
        &'hrpass;help;policy;show'= {
        }
        &'hrpass;help;policy;set'= {
        }
        &'hrpass;help;policy;history'= {
        }
        &'hrpass;help;policy;check'= {
        }
        &'hrpass;help;verify'= {
        }
        &'hrpass;help;passwd'= {
        }
        &'hrpass;help;2fa'= {
            cand enroll 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
            cand confirm 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
            cand status 'Whether an employee has a second factor (without CODE: how many employees have one)'
            cand reset 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
        }
        &'hrpass;help;2fa;enroll'= {
        }
        &'hrpass;help;2fa;confirm'= {
        }
        &'hrpass;help;2fa;status'= {
        }
        &'hrpass;help;2fa;reset'= {
        }
        &'hrpass;help;forgot'= {
        }
        &'hrpass;help;send-password'= {
        }
        &'hrpass;help;serve'= {
        }
        &'hrpass;help;send-email'= {
        }
        &'hrpass;help;notify-expiring'= {
        }
        &'hrpass;help;outbox'= {
            cand list 'Deliveries, newest last'
            cand retry 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
            cand cancel 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
        }
        &'hrpass;help;outbox;list'= {
        }
        &'hrpass;help;outbox;retry'= {
        }
        &'hrpass;help;outbox;cancel'= {
        }
        &'hrpass;help;template'= {
            cand list 'The templates and the version of each in force'
            cand show 'Print a template (the version in force, or an older one)'
            cand set 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
            cand edit 'Edit one part in $EDITOR and store the result as a new version'
            cand preview 'Render a template with the password masked'
        }
        &'hrpass;help;template;list'= {
        }
        &'hrpass;help;template;show'= {
        }
        &'hrpass;help;template;set'= {
        }
        &'hrpass;help;template;edit'= {
        }
        &'hrpass;help;template;preview'= {
        }
        &'hrpass;help;log'= {
        }
        &'hrpass;help;vault'= {
            cand fingerprint 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
        }
        &'hrpass;help;vault;fingerprint'= {
        }
        &'hrpass;help;store'= {
            cand status 'The engine, where the store is, its schema version and what it holds'
            cand copy 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
        }
        &'hrpass;help;store;status'= {
        }
        &'hrpass;help;store;copy'= {
        }
        &'hrpass;help;mail'= {
            cand test 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
            cand login 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
            cand logout 'Forget the stored sign-in of the sending mailbox'
        }
        &'hrpass;help;mail;test'= {
        }
        &'hrpass;help;mail;login'= {
        }
        &'hrpass;help;mail;logout'= {
        }
        &'hrpass;help;config'= {
            cand show 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
        }
        &'hrpass;help;config;show'= {
        }
        &'hrpass;help;operator'= {
            cand add 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)'
            cand list 'The operators, their roles and scopes'
            cand set 'Change an operator''s role or scope (what is not given stays; an empty value clears)'
            cand remove 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
            cand masquerade 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
            cand token 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
        }
        &'hrpass;help;operator;add'= {
        }
        &'hrpass;help;operator;list'= {
        }
        &'hrpass;help;operator;set'= {
        }
        &'hrpass;help;operator;remove'= {
        }
        &'hrpass;help;operator;masquerade'= {
        }
        &'hrpass;help;operator;token'= {
        }
        &'hrpass;help;login'= {
        }
        &'hrpass;help;logout'= {
        }
        &'hrpass;help;whoami'= {
        }
        &'hrpass;help;completions'= {
        }
        &'hrpass;help;man'= {
        }
        &'hrpass;help;help'= {
        }
    ]
    $completions[$command]
}
