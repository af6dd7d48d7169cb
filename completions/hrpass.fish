# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hrpass_global_optspecs
    string join \n home= format= y/yes q/quiet token-file= color= h/help V/version
end

function __fish_hrpass_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hrpass_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hrpass_using_subcommand
    set -l cmd (__fish_hrpass_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hrpass -n "__fish_hrpass_needs_command" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_needs_command" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_needs_command" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_needs_command" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_needs_command" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_needs_command" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_needs_command" -s V -l version -d 'Print version'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "init" -d 'Create the home: store, config and vault key (safe to run again)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "employees" -d 'Upload, check, find and edit employees'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "relations" -d 'Reporting relationships (who reports to whom)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "select" -d 'The "Selected employees" list that send-password works on'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "policy" -d 'The password policy: show, change (versioned), history, check a password'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "verify" -d 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "passwd" -d 'Set an employee\'s own password (asked twice on a terminal, else read from stdin)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "2fa" -d 'Employees\' second factor (TOTP): enrol, confirm, status, reset'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "forgot" -d '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "send-password" -d 'Send each target employee a portal password by email (the selection by default)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "serve" -d 'The employees\' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company\'s other web apps'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "send-email" -d 'Send each target employee a general email from a message template (no password), through the same outbox as passwords'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "notify-expiring" -d 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "outbox" -d 'Deliveries that are queued, sent, failed or cancelled'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "template" -d 'Email templates: list, show, set, edit, preview'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "log" -d 'The audit trail: who did what to whom, and when'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "vault" -d 'The vault key that seals issued passwords: its fingerprint'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "store" -d 'The store: which engine, where, its schema and what it holds'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "mail" -d 'Check the mail set-up: a test message without any password'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "config" -d 'The effective configuration and where each value came from'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "operator" -d 'Operators: who may run hrpass on this store, in which role, over which employees'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "login" -d 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "logout" -d 'End this store\'s operator session (or the token given)'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "whoami" -d 'Who this command runs as: operator, role, scope and session'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "man" -d 'Print a man page (roff): the main one, or a command\'s; --dir writes them all'
complete -c hrpass -n "__fish_hrpass_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -l store -d 'Create the store in this PostgreSQL database (postgres://USER@HOST:PORT/DATABASE, no password: PGPASSWORD or ~/.pgpass) and record it in hrpass.toml; without it, the store is hrpass.db in the home (or HRPASS_STORE / [store] url when set)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand init" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "import" -d 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "validate" -d 'Check a CSV file the way import would, writing nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "search" -d 'Find employees by code, name or email, and narrow by department, status, manager, title'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "show" -d 'Show one employee, with where their password stands'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "add" -d 'Add one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "update" -d 'Change fields of one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "deactivate" -d 'Mark an employee as no longer active'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "export" -d 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and not __fish_seen_subcommand_from import validate search show add update deactivate export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l on-existing -d 'What to do with a row whose employee code is already in the store' -r -f -a "update\t''
skip\t''
error\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l map -d 'Read the file\'s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l delimiter -d 'The field separator; auto detects `,` `;` or tab from the header row' -r -f -a "auto\t'Detect from the header row (`,`, `;` or tab)'
comma\t'`,`'
semicolon\t'`;` (common in European exports)'
tab\t'A tab'"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l status-map -d 'What one of the file\'s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l manager-by -d 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store' -r -f -a "code\t'The manager\'s employee code'
name\t'The manager\'s name, "First Last" or "Last, First", found in the file or the store'"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -l dry-run -d 'Check everything and say what would change, writing nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l report -d 'Write the rows that have errors, with `line` and `error` columns, to this CSV file' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l on-existing -d 'What to do with a row whose employee code is already in the store' -r -f -a "update\t''
skip\t''
error\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l map -d 'Read the file\'s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l delimiter -d 'The field separator; auto detects `,` `;` or tab from the header row' -r -f -a "auto\t'Detect from the header row (`,`, `;` or tab)'
comma\t'`,`'
semicolon\t'`;` (common in European exports)'
tab\t'A tab'"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l status-map -d 'What one of the file\'s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l manager-by -d 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store' -r -f -a "code\t'The manager\'s employee code'
name\t'The manager\'s name, "First Last" or "Last, First", found in the file or the store'"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l department -d 'Everyone in this department (case does not matter)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l status -d 'Only active or only inactive employees' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l manager -d 'Direct reports of this manager (employee code)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l title -d 'Job title contains this text' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l limit -d 'At most this many results' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l recursive -d 'With --manager: everyone below that manager, not only direct reports'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l non-compliant -d 'Whose active password breaks the policy in force (judged from stored facts)'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l expired -d 'Whose active password has expired'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -l locked -d 'Whose password is locked after too many wrong sign-ins'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l code -d 'The new employee\'s code (unique, no spaces)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l email -d 'Their work email address' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l first-name -d 'First name' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l last-name -d 'Last name' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l department -d 'Department' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l job-title -d 'Job title' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l manager -d 'The manager\'s employee code' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l status -d 'active or inactive' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l personal-email -d 'A private address, for a new hire without a company mailbox yet (`send-password --address personal|auto`)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l email -d 'New work email address' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l first-name -d 'New first name' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l last-name -d 'New last name' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l department -d 'New department' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l job-title -d 'New job title' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l manager -d 'The manager\'s employee code; an empty value removes the manager' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l status -d 'active or inactive' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l personal-email -d 'New private address; an empty value removes it' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "import" -d 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check a CSV file the way import would, writing nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "search" -d 'Find employees by code, name or email, and narrow by department, status, manager, title'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one employee, with where their password stands'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change fields of one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Mark an employee as no longer active'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
complete -c hrpass -n "__fish_hrpass_using_subcommand employees; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -f -a "import" -d 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and not __fish_seen_subcommand_from import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l map -d 'Read the file\'s column SOURCE as employee_code or manager_code (e.g. --map "Reports To ID=manager_code")' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l delimiter -d 'The field separator; auto detects `,` `;` or tab from the header row' -r -f -a "auto\t'Detect from the header row (`,`, `;` or tab)'
comma\t'`,`'
semicolon\t'`;` (common in European exports)'
tab\t'A tab'"
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from help" -f -a "import" -d 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand relations; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -f -a "add" -d 'Add employees by code or name (exact code, then full name, then a unique substring)'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -f -a "remove" -d 'Take employees off the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -f -a "list" -d 'Show the selected employees'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -f -a "clear" -d 'Empty the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and not __fish_seen_subcommand_from add remove list clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -s i -l interactive -d 'When a name fits several employees, let me pick on the terminal'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -s i -l interactive -d 'When a name fits several employees, let me pick on the terminal'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add employees by code or name (exact code, then full name, then a unique substring)'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Take employees off the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from help" -f -a "list" -d 'Show the selected employees'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Empty the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand select; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -f -a "show" -d 'Show the policy in force (or an older version)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -f -a "set" -d 'Change settings: makes a new version; contradictions are refused'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -f -a "history" -d 'Every version, who made it and when'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -f -a "check" -d 'Check a password from stdin against the policy (exit 1 with every broken rule)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and not __fish_seen_subcommand_from show set history check help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -l version -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l min-length -d 'The fewest characters a password may have (at least 8)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-length -d 'The most characters a password may have (at least 64)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l generated-length -d 'Length of generated passwords' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l require-upper -d 'An employee\'s own password must have an upper-case letter' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l require-lower -d '… a lower-case letter' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l require-digit -d '… a digit' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l require-symbol -d '… a symbol' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l exclude-ambiguous -d 'Leave look-alike characters (0/O, 1/l/I) out of generated passwords' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l block-word -d 'Refuse passwords containing this word (repeatable)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l unblock-word -d 'Stop refusing this word (repeatable)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l history -d 'How many previous passwords cannot be used again' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l max-age-days -d 'Days an employee\'s own password lasts (0: no expiry, as NIST advises)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l temp-valid-hours -d 'Hours an issued password stays valid' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l lockout-threshold -d 'Failed sign-ins before the password locks' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l min-strength -d 'The least strength (0-4, zxcvbn) an employee\'s own password needs; 0: no check' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l style -d 'How generated passwords look: random characters, or a passphrase of words' -r -f -a "random\t'Random characters, `generated_length` of them'
passphrase\t'Capitalised words from the EFF long word list joined by `-`, and a digit'"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l symbols -d 'The symbols of random generated passwords: typeable on every common keyboard layout, or all ASCII punctuation' -r -f -a "typeable\t'Symbols on the same keys of US, UK, German, French, Spanish, Italian and Nordic layouts, without AltGr or dead keys: ! % & * ( ) + - = ? _ : /'
all\t'All ASCII punctuation (\\ ^ ~ { } and the like need AltGr or dead keys on many layouts)'"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l passphrase-words -d 'Words in a generated passphrase (4-20; 12.9 bits each)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l require-2fa -d 'Every employee must have a second factor: verify answers "must enrol" until they do' -r -f -a "true\t''
false\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l forgot-per-employee -d 'New passwords `hrpass forgot` gives one employee in an hour (0: forgot is off)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l forgot-per-hour -d '`hrpass forgot` requests in all in an hour, known or not (0: no overall limit)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l session-idle-minutes -d 'The portal signs an employee out after this many minutes without a request (1-1440)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l session-max-hours -d 'The portal signs an employee out this many hours after they signed in (1-720)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l link-valid-hours -d 'Hours an activation link (send-password --link) works once its mail is accepted (1-72)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l forgot-sends -d 'What "forgot password" mails: auto (a link when [portal] public_url is set), link or password' -r -f -a "auto\t'A link when `[portal] public_url` is set, else a password'
link\t'A single-use link to set a password on the portal (needs `[portal] public_url`)'
password\t'A new temporary password'"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -l employee -d 'Also refuse this employee\'s own names, email and code' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the policy in force (or an older version)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change settings: makes a new version; contradictions are refused'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "history" -d 'Every version, who made it and when'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a password from stdin against the policy (exit 1 with every broken rule)'
complete -c hrpass -n "__fish_hrpass_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand verify" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -f -a "enroll" -d 'Start an employee\'s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -f -a "confirm" -d 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -f -a "status" -d 'Whether an employee has a second factor (without CODE: how many employees have one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -f -a "reset" -d 'Remove an employee\'s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and not __fish_seen_subcommand_from enroll confirm status reset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -l qr -d 'Also write the QR code to FILE (.png or .svg), readable by you only' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from enroll" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from confirm" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from help" -f -a "enroll" -d 'Start an employee\'s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from help" -f -a "confirm" -d 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from help" -f -a "status" -d 'Whether an employee has a second factor (without CODE: how many employees have one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Remove an employee\'s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
complete -c hrpass -n "__fish_hrpass_using_subcommand 2fa; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand forgot" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l to -d 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l department -d 'Everyone in this department' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l template -d 'The email template (default: new-password, existing-password or activation-link)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l report -d 'Write one row per employee with the outcome and reason' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l address -d 'Which address new deliveries go to: work (`email`), personal (`personal_email`; employees without one are refused) or auto (personal for a new hire who has it and no active password yet, else work)' -r -f -a "work\t'The work address (`email`)'
personal\t'`personal_email`; an employee without one is refused'
auto\t'`personal_email` when set and the employee has no active password yet (a new hire), else the work address'"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l regenerate -d 'Generate a new password per the policy for each employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l existing -d 'Send the password hrpass already issued (refused where there is none)'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l link -d 'Send a single-use link to set a password on the portal instead of a password (needs [portal] public_url; valid for the policy\'s link_valid_hours once delivered)'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l all -d 'Every employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l non-compliant -d 'Everyone whose password breaks the policy in force'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l expired -d 'Everyone whose password has expired'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -l dry-run -d 'Say what would happen; change and send nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-password" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l listen -d 'The address and port to listen on' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l tls-key -d 'The certificate\'s private key (PEM)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand serve" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l template -d 'The message template to send (kind message: it must not use {{ password }})' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l to -d 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l department -d 'Everyone in this department' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l report -d 'Write one row per employee with the outcome and reason' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l address -d 'Which address it goes to: work, personal or auto (as send-password)' -r -f -a "work\t'The work address (`email`)'
personal\t'`personal_email`; an employee without one is refused'
auto\t'`personal_email` when set and the employee has no active password yet (a new hire), else the work address'"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l all -d 'Every employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l non-compliant -d 'Everyone whose password breaks the policy in force'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l expired -d 'Everyone whose password has expired'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -l dry-run -d 'Say what would happen; change and send nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand send-email" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l within -d 'Remind employees whose issued password expires within this long: 3d, 36h, 90m' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l template -d 'The message template (default: expiring-password)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l report -d 'Write one row per employee with the outcome and reason' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -l dry-run -d 'Say who would be reminded; change and send nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand notify-expiring" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -f -a "list" -d 'Deliveries, newest last'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -f -a "retry" -d 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -f -a "cancel" -d 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and not __fish_seen_subcommand_from list retry cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -l state -d 'Only this state: queued, sent, failed, cancelled, superseded or obsolete' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "list" -d 'Deliveries, newest last'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
complete -c hrpass -n "__fish_hrpass_using_subcommand outbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "list" -d 'The templates and the version of each in force'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "show" -d 'Print a template (the version in force, or an older one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "set" -d 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "edit" -d 'Edit one part in $EDITOR and store the result as a new version'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "preview" -d 'Render a template with the password masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and not __fish_seen_subcommand_from list show set edit preview help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -l version -r
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l kind -d 'password (for send-password), link (for send-password --link) or message (for send-email and notify-expiring; neither); default: the kind the name already has, else password' -r -f -a "password\t'Must use `{{ password }}` in every body part'
message\t'Must not use `{{ password }}` anywhere'
link\t'Must use `{{ link }}` (a single-use activation link) in every body part, and not `{{ password }}`'"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l subject -d 'The subject line (a template too; one line, at most 200 characters rendered)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l text -d 'The plain-text part' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l html -d 'The HTML part (values are HTML-escaped in it)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -l part -d 'Which part to edit' -r -f -a "subject\t''
text\t''
html\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -l employee -d 'Render for this employee (default: a sample one)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from preview" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "list" -d 'The templates and the version of each in force'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print a template (the version in force, or an older one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "set" -d 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Edit one part in $EDITOR and store the result as a new version'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "preview" -d 'Render a template with the password masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l employee -d 'Only entries about this employee' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l since -d 'Only entries since: today, yesterday, 7d, 12h, 30m, a date (2026-11-27) or a time (2026-11-27T09:00:00Z); days start at midnight UTC' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l limit -d 'At most this many, newest last' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand log" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -f -a "fingerprint" -d 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and not __fish_seen_subcommand_from fingerprint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from fingerprint" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "fingerprint" -d 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
complete -c hrpass -n "__fish_hrpass_using_subcommand vault; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -f -a "status" -d 'The engine, where the store is, its schema version and what it holds'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -f -a "copy" -d 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and not __fish_seen_subcommand_from status copy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -l to -d 'Where to: postgres://USER@HOST:PORT/DATABASE (an empty database; no password in the URL) or the path of an SQLite file that does not exist yet' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "status" -d 'The engine, where the store is, its schema version and what it holds'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
complete -c hrpass -n "__fish_hrpass_using_subcommand store; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -f -a "test" -d 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -f -a "login" -d 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -f -a "logout" -d 'Forget the stored sign-in of the sending mailbox'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and not __fish_seen_subcommand_from test login logout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -l token-only -d 'Only get an OAuth2 access token (from `mail login`\'s sign-in or token_command), without connecting to the mail server'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "login" -d 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Forget the stored sign-in of the sending mailbox'
complete -c hrpass -n "__fish_hrpass_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "add" -d 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin\'s first line (none: the operator signs in with tokens only, e.g. for cron)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "list" -d 'The operators, their roles and scopes'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "set" -d 'Change an operator\'s role or scope (what is not given stays; an empty value clears)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "remove" -d 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "masquerade" -d 'A one-time URL (5 minutes to open) for a read-only look at an employee\'s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "token" -d 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and not __fish_seen_subcommand_from add list set remove masquerade token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l role -d 'The operator\'s role' -r -f -a "hr-admin\t''
hr-manager\t''
sender\t''
auditor\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l departments -d 'Departments in scope, comma-separated' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l reports-to -d 'Everyone below this employee in the reporting graph is in scope' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l db-role -d 'PostgreSQL: the database login role the operator signs in as' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l role -d 'The new role' -r -f -a "hr-admin\t''
hr-manager\t''
sender\t''
auditor\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l departments -d 'The departments of the scope, comma-separated (replaces the old ones)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l reports-to -d 'Everyone below this employee is in scope ("" removes it)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l db-role -d 'PostgreSQL: the database login role the operator signs in as ("" removes it)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -l reason -d 'Why (one line; the employee is told)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from masquerade" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -l expires -d 'How long it is valid: 90d, 36h, 30m (at most 366d)' -r
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin\'s first line (none: the operator signs in with tokens only, e.g. for cron)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "list" -d 'The operators, their roles and scopes'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change an operator\'s role or scope (what is not given stays; an empty value clears)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "masquerade" -d 'A one-time URL (5 minutes to open) for a read-only look at an employee\'s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "token" -d 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
complete -c hrpass -n "__fish_hrpass_using_subcommand operator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand login" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand logout" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand completions" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -l dir -d 'Write every page (hrpass.1 and one per command, hrpass-send-password.1 …) into DIR instead, for `man -M` or /usr/local/share/man/man1' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -l home -d 'The folder that holds hrpass.db, hrpass.toml and vault.key' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -l format -d 'How listings and summaries are printed on stdout' -r -f -a "table\t''
json\t''
csv\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -l token-file -d 'An operator\'s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)' -r -F
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -l color -d 'Colour on stderr: auto means on a terminal and without NO_COLOR' -r -f -a "auto\t''
always\t''
never\t''"
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -s y -l yes -d 'Answer yes to every confirmation'
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -s q -l quiet -d 'Print only results and errors: no status lines or progress bars'
complete -c hrpass -n "__fish_hrpass_using_subcommand man" -s h -l help -d 'Print help'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "init" -d 'Create the home: store, config and vault key (safe to run again)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "employees" -d 'Upload, check, find and edit employees'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "relations" -d 'Reporting relationships (who reports to whom)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "select" -d 'The "Selected employees" list that send-password works on'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "policy" -d 'The password policy: show, change (versioned), history, check a password'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "verify" -d 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "passwd" -d 'Set an employee\'s own password (asked twice on a terminal, else read from stdin)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "2fa" -d 'Employees\' second factor (TOTP): enrol, confirm, status, reset'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "forgot" -d '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "send-password" -d 'Send each target employee a portal password by email (the selection by default)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "serve" -d 'The employees\' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company\'s other web apps'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "send-email" -d 'Send each target employee a general email from a message template (no password), through the same outbox as passwords'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "notify-expiring" -d 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "outbox" -d 'Deliveries that are queued, sent, failed or cancelled'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "template" -d 'Email templates: list, show, set, edit, preview'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "log" -d 'The audit trail: who did what to whom, and when'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "vault" -d 'The vault key that seals issued passwords: its fingerprint'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "store" -d 'The store: which engine, where, its schema and what it holds'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "mail" -d 'Check the mail set-up: a test message without any password'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "config" -d 'The effective configuration and where each value came from'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "operator" -d 'Operators: who may run hrpass on this store, in which role, over which employees'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "login" -d 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "logout" -d 'End this store\'s operator session (or the token given)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "whoami" -d 'Who this command runs as: operator, role, scope and session'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "man" -d 'Print a man page (roff): the main one, or a command\'s; --dir writes them all'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and not __fish_seen_subcommand_from init employees relations select policy verify passwd 2fa forgot send-password serve send-email notify-expiring outbox template log vault store mail config operator login logout whoami completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "import" -d 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "validate" -d 'Check a CSV file the way import would, writing nothing'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "search" -d 'Find employees by code, name or email, and narrow by department, status, manager, title'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "show" -d 'Show one employee, with where their password stands'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "add" -d 'Add one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "update" -d 'Change fields of one employee'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "deactivate" -d 'Mark an employee as no longer active'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from employees" -f -a "export" -d 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from relations" -f -a "import" -d 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from select" -f -a "add" -d 'Add employees by code or name (exact code, then full name, then a unique substring)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from select" -f -a "remove" -d 'Take employees off the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from select" -f -a "list" -d 'Show the selected employees'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from select" -f -a "clear" -d 'Empty the list'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Show the policy in force (or an older version)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Change settings: makes a new version; contradictions are refused'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "history" -d 'Every version, who made it and when'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "check" -d 'Check a password from stdin against the policy (exit 1 with every broken rule)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from 2fa" -f -a "enroll" -d 'Start an employee\'s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from 2fa" -f -a "confirm" -d 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from 2fa" -f -a "status" -d 'Whether an employee has a second factor (without CODE: how many employees have one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from 2fa" -f -a "reset" -d 'Remove an employee\'s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "list" -d 'Deliveries, newest last'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "retry" -d 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from outbox" -f -a "cancel" -d 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "list" -d 'The templates and the version of each in force'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "show" -d 'Print a template (the version in force, or an older one)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "set" -d 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "edit" -d 'Edit one part in $EDITOR and store the result as a new version'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "preview" -d 'Render a template with the password masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from vault" -f -a "fingerprint" -d 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "status" -d 'The engine, where the store is, its schema version and what it holds'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from store" -f -a "copy" -d 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "test" -d 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "login" -d 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "logout" -d 'Forget the stored sign-in of the sending mailbox'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "add" -d 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin\'s first line (none: the operator signs in with tokens only, e.g. for cron)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "list" -d 'The operators, their roles and scopes'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "set" -d 'Change an operator\'s role or scope (what is not given stays; an empty value clears)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "remove" -d 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "masquerade" -d 'A one-time URL (5 minutes to open) for a read-only look at an employee\'s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)'
complete -c hrpass -n "__fish_hrpass_using_subcommand help; and __fish_seen_subcommand_from operator" -f -a "token" -d 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once'
