
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hrpass' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hrpass'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hrpass' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the home: store, config and vault key (safe to run again)')
            [CompletionResult]::new('employees', 'employees', [CompletionResultType]::ParameterValue, 'Upload, check, find and edit employees')
            [CompletionResult]::new('relations', 'relations', [CompletionResultType]::ParameterValue, 'Reporting relationships (who reports to whom)')
            [CompletionResult]::new('select', 'select', [CompletionResultType]::ParameterValue, 'The "Selected employees" list that send-password works on')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'The password policy: show, change (versioned), history, check a password')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Set an employee''s own password (asked twice on a terminal, else read from stdin)')
            [CompletionResult]::new('2fa', '2fa', [CompletionResultType]::ParameterValue, 'Employees'' second factor (TOTP): enrol, confirm, status, reset')
            [CompletionResult]::new('forgot', 'forgot', [CompletionResultType]::ParameterValue, '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way')
            [CompletionResult]::new('send-password', 'send-password', [CompletionResultType]::ParameterValue, 'Send each target employee a portal password by email (the selection by default)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'The employees'' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company''s other web apps')
            [CompletionResult]::new('send-email', 'send-email', [CompletionResultType]::ParameterValue, 'Send each target employee a general email from a message template (no password), through the same outbox as passwords')
            [CompletionResult]::new('notify-expiring', 'notify-expiring', [CompletionResultType]::ParameterValue, 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Deliveries that are queued, sent, failed or cancelled')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Email templates: list, show, set, edit, preview')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The audit trail: who did what to whom, and when')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'The vault key that seals issued passwords: its fingerprint')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store: which engine, where, its schema and what it holds')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Check the mail set-up: a test message without any password')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The effective configuration and where each value came from')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Operators: who may run hrpass on this store, in which role, over which employees')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End this store''s operator session (or the token given)')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who this command runs as: operator, role, scope and session')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): the main one, or a command''s; --dir writes them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;init' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Create the store in this PostgreSQL database (postgres://USER@HOST:PORT/DATABASE, no password: PGPASSWORD or ~/.pgpass) and record it in hrpass.toml; without it, the store is hrpass.db in the home (or HRPASS_STORE / [store] url when set)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bulk upload from CSV: every row is checked first; any error and nothing is written')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a CSV file the way import would, writing nothing')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find employees by code, name or email, and narrow by department, status, manager, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one employee, with where their password stands')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one employee')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change fields of one employee')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark an employee as no longer active')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;employees;import' {
            [CompletionResult]::new('--on-existing', '--on-existing', [CompletionResultType]::ParameterName, 'What to do with a row whose employee code is already in the store')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'The field separator; auto detects `,` `;` or tab from the header row')
            [CompletionResult]::new('--status-map', '--status-map', [CompletionResultType]::ParameterName, 'What one of the file''s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")')
            [CompletionResult]::new('--manager-by', '--manager-by', [CompletionResultType]::ParameterName, 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and say what would change, writing nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;employees;validate' {
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write the rows that have errors, with `line` and `error` columns, to this CSV file')
            [CompletionResult]::new('--on-existing', '--on-existing', [CompletionResultType]::ParameterName, 'What to do with a row whose employee code is already in the store')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'The field separator; auto detects `,` `;` or tab from the header row')
            [CompletionResult]::new('--status-map', '--status-map', [CompletionResultType]::ParameterName, 'What one of the file''s status words means (repeatable; e.g. --status-map Terminated=inactive --status-map "On Leave=active")')
            [CompletionResult]::new('--manager-by', '--manager-by', [CompletionResultType]::ParameterName, 'What the manager column holds: codes, or names ("First Last" or "Last, First", from a "Reports To" or "Manager" column) looked up in the file and the store')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;employees;search' {
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Everyone in this department (case does not matter)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only active or only inactive employees')
            [CompletionResult]::new('--manager', '--manager', [CompletionResultType]::ParameterName, 'Direct reports of this manager (employee code)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Job title contains this text')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many results')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --manager: everyone below that manager, not only direct reports')
            [CompletionResult]::new('--non-compliant', '--non-compliant', [CompletionResultType]::ParameterName, 'Whose active password breaks the policy in force (judged from stored facts)')
            [CompletionResult]::new('--expired', '--expired', [CompletionResultType]::ParameterName, 'Whose active password has expired')
            [CompletionResult]::new('--locked', '--locked', [CompletionResultType]::ParameterName, 'Whose password is locked after too many wrong sign-ins')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;add' {
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The new employee''s code (unique, no spaces)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Their work email address')
            [CompletionResult]::new('--first-name', '--first-name', [CompletionResultType]::ParameterName, 'First name')
            [CompletionResult]::new('--last-name', '--last-name', [CompletionResultType]::ParameterName, 'Last name')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Department')
            [CompletionResult]::new('--job-title', '--job-title', [CompletionResultType]::ParameterName, 'Job title')
            [CompletionResult]::new('--manager', '--manager', [CompletionResultType]::ParameterName, 'The manager''s employee code')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'active or inactive')
            [CompletionResult]::new('--personal-email', '--personal-email', [CompletionResultType]::ParameterName, 'A private address, for a new hire without a company mailbox yet (`send-password --address personal|auto`)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;update' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'New work email address')
            [CompletionResult]::new('--first-name', '--first-name', [CompletionResultType]::ParameterName, 'New first name')
            [CompletionResult]::new('--last-name', '--last-name', [CompletionResultType]::ParameterName, 'New last name')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'New department')
            [CompletionResult]::new('--job-title', '--job-title', [CompletionResultType]::ParameterName, 'New job title')
            [CompletionResult]::new('--manager', '--manager', [CompletionResultType]::ParameterName, 'The manager''s employee code; an empty value removes the manager')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'active or inactive')
            [CompletionResult]::new('--personal-email', '--personal-email', [CompletionResultType]::ParameterName, 'New private address; an empty value removes it')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;deactivate' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;export' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;employees;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bulk upload from CSV: every row is checked first; any error and nothing is written')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a CSV file the way import would, writing nothing')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find employees by code, name or email, and narrow by department, status, manager, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one employee, with where their password stands')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one employee')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change fields of one employee')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark an employee as no longer active')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;employees;help;import' {
            break
        }
        'hrpass;employees;help;validate' {
            break
        }
        'hrpass;employees;help;search' {
            break
        }
        'hrpass;employees;help;show' {
            break
        }
        'hrpass;employees;help;add' {
            break
        }
        'hrpass;employees;help;update' {
            break
        }
        'hrpass;employees;help;deactivate' {
            break
        }
        'hrpass;employees;help;export' {
            break
        }
        'hrpass;employees;help;help' {
            break
        }
        'hrpass;relations' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;relations;import' {
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Read the file''s column SOURCE as employee_code or manager_code (e.g. --map "Reports To ID=manager_code")')
            [CompletionResult]::new('--delimiter', '--delimiter', [CompletionResultType]::ParameterName, 'The field separator; auto detects `,` `;` or tab from the header row')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;relations;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;relations;help;import' {
            break
        }
        'hrpass;relations;help;help' {
            break
        }
        'hrpass;select' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add employees by code or name (exact code, then full name, then a unique substring)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take employees off the list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the selected employees')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;select;add' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'When a name fits several employees, let me pick on the terminal')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'When a name fits several employees, let me pick on the terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;select;remove' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'When a name fits several employees, let me pick on the terminal')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'When a name fits several employees, let me pick on the terminal')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;select;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;select;clear' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;select;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add employees by code or name (exact code, then full name, then a unique substring)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take employees off the list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the selected employees')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;select;help;add' {
            break
        }
        'hrpass;select;help;remove' {
            break
        }
        'hrpass;select;help;list' {
            break
        }
        'hrpass;select;help;clear' {
            break
        }
        'hrpass;select;help;help' {
            break
        }
        'hrpass;policy' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy in force (or an older version)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change settings: makes a new version; contradictions are refused')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every version, who made it and when')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a password from stdin against the policy (exit 1 with every broken rule)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;policy;show' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'version')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;policy;set' {
            [CompletionResult]::new('--min-length', '--min-length', [CompletionResultType]::ParameterName, 'The fewest characters a password may have (at least 8)')
            [CompletionResult]::new('--max-length', '--max-length', [CompletionResultType]::ParameterName, 'The most characters a password may have (at least 64)')
            [CompletionResult]::new('--generated-length', '--generated-length', [CompletionResultType]::ParameterName, 'Length of generated passwords')
            [CompletionResult]::new('--require-upper', '--require-upper', [CompletionResultType]::ParameterName, 'An employee''s own password must have an upper-case letter')
            [CompletionResult]::new('--require-lower', '--require-lower', [CompletionResultType]::ParameterName, '… a lower-case letter')
            [CompletionResult]::new('--require-digit', '--require-digit', [CompletionResultType]::ParameterName, '… a digit')
            [CompletionResult]::new('--require-symbol', '--require-symbol', [CompletionResultType]::ParameterName, '… a symbol')
            [CompletionResult]::new('--exclude-ambiguous', '--exclude-ambiguous', [CompletionResultType]::ParameterName, 'Leave look-alike characters (0/O, 1/l/I) out of generated passwords')
            [CompletionResult]::new('--block-word', '--block-word', [CompletionResultType]::ParameterName, 'Refuse passwords containing this word (repeatable)')
            [CompletionResult]::new('--unblock-word', '--unblock-word', [CompletionResultType]::ParameterName, 'Stop refusing this word (repeatable)')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'How many previous passwords cannot be used again')
            [CompletionResult]::new('--max-age-days', '--max-age-days', [CompletionResultType]::ParameterName, 'Days an employee''s own password lasts (0: no expiry, as NIST advises)')
            [CompletionResult]::new('--temp-valid-hours', '--temp-valid-hours', [CompletionResultType]::ParameterName, 'Hours an issued password stays valid')
            [CompletionResult]::new('--lockout-threshold', '--lockout-threshold', [CompletionResultType]::ParameterName, 'Failed sign-ins before the password locks')
            [CompletionResult]::new('--min-strength', '--min-strength', [CompletionResultType]::ParameterName, 'The least strength (0-4, zxcvbn) an employee''s own password needs; 0: no check')
            [CompletionResult]::new('--style', '--style', [CompletionResultType]::ParameterName, 'How generated passwords look: random characters, or a passphrase of words')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'The symbols of random generated passwords: typeable on every common keyboard layout, or all ASCII punctuation')
            [CompletionResult]::new('--passphrase-words', '--passphrase-words', [CompletionResultType]::ParameterName, 'Words in a generated passphrase (4-20; 12.9 bits each)')
            [CompletionResult]::new('--require-2fa', '--require-2fa', [CompletionResultType]::ParameterName, 'Every employee must have a second factor: verify answers "must enrol" until they do')
            [CompletionResult]::new('--forgot-per-employee', '--forgot-per-employee', [CompletionResultType]::ParameterName, 'New passwords `hrpass forgot` gives one employee in an hour (0: forgot is off)')
            [CompletionResult]::new('--forgot-per-hour', '--forgot-per-hour', [CompletionResultType]::ParameterName, '`hrpass forgot` requests in all in an hour, known or not (0: no overall limit)')
            [CompletionResult]::new('--session-idle-minutes', '--session-idle-minutes', [CompletionResultType]::ParameterName, 'The portal signs an employee out after this many minutes without a request (1-1440)')
            [CompletionResult]::new('--session-max-hours', '--session-max-hours', [CompletionResultType]::ParameterName, 'The portal signs an employee out this many hours after they signed in (1-720)')
            [CompletionResult]::new('--link-valid-hours', '--link-valid-hours', [CompletionResultType]::ParameterName, 'Hours an activation link (send-password --link) works once its mail is accepted (1-72)')
            [CompletionResult]::new('--forgot-sends', '--forgot-sends', [CompletionResultType]::ParameterName, 'What "forgot password" mails: auto (a link when [portal] public_url is set), link or password')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;policy;history' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;policy;check' {
            [CompletionResult]::new('--employee', '--employee', [CompletionResultType]::ParameterName, 'Also refuse this employee''s own names, email and code')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy in force (or an older version)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change settings: makes a new version; contradictions are refused')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every version, who made it and when')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a password from stdin against the policy (exit 1 with every broken rule)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;policy;help;show' {
            break
        }
        'hrpass;policy;help;set' {
            break
        }
        'hrpass;policy;help;history' {
            break
        }
        'hrpass;policy;help;check' {
            break
        }
        'hrpass;policy;help;help' {
            break
        }
        'hrpass;verify' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;passwd' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;2fa' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('enroll', 'enroll', [CompletionResultType]::ParameterValue, 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether an employee has a second factor (without CODE: how many employees have one)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;2fa;enroll' {
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Also write the QR code to FILE (.png or .svg), readable by you only')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;2fa;confirm' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;2fa;status' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;2fa;reset' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;2fa;help' {
            [CompletionResult]::new('enroll', 'enroll', [CompletionResultType]::ParameterValue, 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether an employee has a second factor (without CODE: how many employees have one)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;2fa;help;enroll' {
            break
        }
        'hrpass;2fa;help;confirm' {
            break
        }
        'hrpass;2fa;help;status' {
            break
        }
        'hrpass;2fa;help;reset' {
            break
        }
        'hrpass;2fa;help;help' {
            break
        }
        'hrpass;forgot' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;send-password' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Everyone in this department')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The email template (default: new-password, existing-password or activation-link)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one row per employee with the outcome and reason')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Which address new deliveries go to: work (`email`), personal (`personal_email`; employees without one are refused) or auto (personal for a new hire who has it and no active password yet, else work)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--regenerate', '--regenerate', [CompletionResultType]::ParameterName, 'Generate a new password per the policy for each employee')
            [CompletionResult]::new('--existing', '--existing', [CompletionResultType]::ParameterName, 'Send the password hrpass already issued (refused where there is none)')
            [CompletionResult]::new('--link', '--link', [CompletionResultType]::ParameterName, 'Send a single-use link to set a password on the portal instead of a password (needs [portal] public_url; valid for the policy''s link_valid_hours once delivered)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every employee')
            [CompletionResult]::new('--non-compliant', '--non-compliant', [CompletionResultType]::ParameterName, 'Everyone whose password breaks the policy in force')
            [CompletionResult]::new('--expired', '--expired', [CompletionResultType]::ParameterName, 'Everyone whose password has expired')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen; change and send nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'The address and port to listen on')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate chain (PEM)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The certificate''s private key (PEM)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;send-email' {
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The message template to send (kind message: it must not use {{ password }})')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'These employees, by code (case does not matter; several after one --to, or comma-separated; default: the selection)')
            [CompletionResult]::new('--department', '--department', [CompletionResultType]::ParameterName, 'Everyone in this department')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one row per employee with the outcome and reason')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'Which address it goes to: work, personal or auto (as send-password)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every employee')
            [CompletionResult]::new('--non-compliant', '--non-compliant', [CompletionResultType]::ParameterName, 'Everyone whose password breaks the policy in force')
            [CompletionResult]::new('--expired', '--expired', [CompletionResultType]::ParameterName, 'Everyone whose password has expired')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would happen; change and send nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;notify-expiring' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Remind employees whose issued password expires within this long: 3d, 36h, 90m')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'The message template (default: expiring-password)')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Write one row per employee with the outcome and reason')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say who would be reminded; change and send nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;outbox' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest last')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;outbox;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only this state: queued, sent, failed, cancelled, superseded or obsolete')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;outbox;retry' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;outbox;cancel' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;outbox;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest last')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;outbox;help;list' {
            break
        }
        'hrpass;outbox;help;retry' {
            break
        }
        'hrpass;outbox;help;cancel' {
            break
        }
        'hrpass;outbox;help;help' {
            break
        }
        'hrpass;template' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The templates and the version of each in force')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template (the version in force, or an older one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit one part in $EDITOR and store the result as a new version')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template with the password masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;template;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;template;show' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'version')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;template;set' {
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'password (for send-password), link (for send-password --link) or message (for send-email and notify-expiring; neither); default: the kind the name already has, else password')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'The subject line (a template too; one line, at most 200 characters rendered)')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'The plain-text part')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'The HTML part (values are HTML-escaped in it)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'hrpass;template;edit' {
            [CompletionResult]::new('--part', '--part', [CompletionResultType]::ParameterName, 'Which part to edit')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;template;preview' {
            [CompletionResult]::new('--employee', '--employee', [CompletionResultType]::ParameterName, 'Render for this employee (default: a sample one)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;template;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The templates and the version of each in force')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template (the version in force, or an older one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit one part in $EDITOR and store the result as a new version')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template with the password masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;template;help;list' {
            break
        }
        'hrpass;template;help;show' {
            break
        }
        'hrpass;template;help;set' {
            break
        }
        'hrpass;template;help;edit' {
            break
        }
        'hrpass;template;help;preview' {
            break
        }
        'hrpass;template;help;help' {
            break
        }
        'hrpass;log' {
            [CompletionResult]::new('--employee', '--employee', [CompletionResultType]::ParameterName, 'Only entries about this employee')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries since: today, yesterday, 7d, 12h, 30m, a date (2026-11-27) or a time (2026-11-27T09:00:00Z); days start at midnight UTC')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many, newest last')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;vault' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;vault;fingerprint' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;vault;help' {
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;vault;help;fingerprint' {
            break
        }
        'hrpass;vault;help;help' {
            break
        }
        'hrpass;store' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The engine, where the store is, its schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;store;status' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;store;copy' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to: postgres://USER@HOST:PORT/DATABASE (an empty database; no password in the URL) or the path of an SQLite file that does not exist yet')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;store;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The engine, where the store is, its schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;store;help;status' {
            break
        }
        'hrpass;store;help;copy' {
            break
        }
        'hrpass;store;help;help' {
            break
        }
        'hrpass;mail' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored sign-in of the sending mailbox')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;mail;test' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('--token-only', '--token-only', [CompletionResultType]::ParameterName, 'Only get an OAuth2 access token (from `mail login`''s sign-in or token_command), without connecting to the mail server')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;mail;login' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;mail;logout' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;mail;help' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored sign-in of the sending mailbox')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;mail;help;test' {
            break
        }
        'hrpass;mail;help;login' {
            break
        }
        'hrpass;mail;help;logout' {
            break
        }
        'hrpass;mail;help;help' {
            break
        }
        'hrpass;config' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;config;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;config;help;show' {
            break
        }
        'hrpass;config;help;help' {
            break
        }
        'hrpass;operator' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operators, their roles and scopes')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an operator''s role or scope (what is not given stays; an empty value clears)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)')
            [CompletionResult]::new('masquerade', 'masquerade', [CompletionResultType]::ParameterValue, 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;operator;add' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The operator''s role')
            [CompletionResult]::new('--departments', '--departments', [CompletionResultType]::ParameterName, 'Departments in scope, comma-separated')
            [CompletionResult]::new('--reports-to', '--reports-to', [CompletionResultType]::ParameterName, 'Everyone below this employee in the reporting graph is in scope')
            [CompletionResult]::new('--db-role', '--db-role', [CompletionResultType]::ParameterName, 'PostgreSQL: the database login role the operator signs in as')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;set' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The new role')
            [CompletionResult]::new('--departments', '--departments', [CompletionResultType]::ParameterName, 'The departments of the scope, comma-separated (replaces the old ones)')
            [CompletionResult]::new('--reports-to', '--reports-to', [CompletionResultType]::ParameterName, 'Everyone below this employee is in scope ("" removes it)')
            [CompletionResult]::new('--db-role', '--db-role', [CompletionResultType]::ParameterName, 'PostgreSQL: the database login role the operator signs in as ("" removes it)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;remove' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;masquerade' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (one line; the employee is told)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;token' {
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'How long it is valid: 90d, 36h, 30m (at most 366d)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;operator;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operators, their roles and scopes')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an operator''s role or scope (what is not given stays; an empty value clears)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)')
            [CompletionResult]::new('masquerade', 'masquerade', [CompletionResultType]::ParameterValue, 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;operator;help;add' {
            break
        }
        'hrpass;operator;help;list' {
            break
        }
        'hrpass;operator;help;set' {
            break
        }
        'hrpass;operator;help;remove' {
            break
        }
        'hrpass;operator;help;masquerade' {
            break
        }
        'hrpass;operator;help;token' {
            break
        }
        'hrpass;operator;help;help' {
            break
        }
        'hrpass;login' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;logout' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;whoami' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;completions' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write every page (hrpass.1 and one per command, hrpass-send-password.1 …) into DIR instead, for `man -M` or /usr/local/share/man/man1')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'The folder that holds hrpass.db, hrpass.toml and vault.key')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How listings and summaries are printed on stdout')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'An operator''s token for this run, from a file only you can read (else HRPASS_TOKEN, else the session `hrpass login` made)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour on stderr: auto means on a terminal and without NO_COLOR')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to every confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors: no status lines or progress bars')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'hrpass;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create the home: store, config and vault key (safe to run again)')
            [CompletionResult]::new('employees', 'employees', [CompletionResultType]::ParameterValue, 'Upload, check, find and edit employees')
            [CompletionResult]::new('relations', 'relations', [CompletionResultType]::ParameterValue, 'Reporting relationships (who reports to whom)')
            [CompletionResult]::new('select', 'select', [CompletionResultType]::ParameterValue, 'The "Selected employees" list that send-password works on')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'The password policy: show, change (versioned), history, check a password')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a portal sign-in: password on the first line of stdin, the one-time or recovery code on the second (asked hidden on a terminal); exit 0 when valid, 1 when not, 4 when it could not be checked')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Set an employee''s own password (asked twice on a terminal, else read from stdin)')
            [CompletionResult]::new('2fa', '2fa', [CompletionResultType]::ParameterValue, 'Employees'' second factor (TOTP): enrol, confirm, status, reset')
            [CompletionResult]::new('forgot', 'forgot', [CompletionResultType]::ParameterValue, '"Forgot password" for the portal: a new password by mail to the employee, if one matches, rate-limited; the same answer either way')
            [CompletionResult]::new('send-password', 'send-password', [CompletionResultType]::ParameterValue, 'Send each target employee a portal password by email (the selection by default)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'The employees'' portal: sign-in, first-sign-in change, second factor, forgot password, account, and forward-auth (GET /auth) for the company''s other web apps')
            [CompletionResult]::new('send-email', 'send-email', [CompletionResultType]::ParameterValue, 'Send each target employee a general email from a message template (no password), through the same outbox as passwords')
            [CompletionResult]::new('notify-expiring', 'notify-expiring', [CompletionResultType]::ParameterValue, 'Remind employees whose issued password expires soon and is not changed yet (once per password; cron-friendly)')
            [CompletionResult]::new('outbox', 'outbox', [CompletionResultType]::ParameterValue, 'Deliveries that are queued, sent, failed or cancelled')
            [CompletionResult]::new('template', 'template', [CompletionResultType]::ParameterValue, 'Email templates: list, show, set, edit, preview')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The audit trail: who did what to whom, and when')
            [CompletionResult]::new('vault', 'vault', [CompletionResultType]::ParameterValue, 'The vault key that seals issued passwords: its fingerprint')
            [CompletionResult]::new('store', 'store', [CompletionResultType]::ParameterValue, 'The store: which engine, where, its schema and what it holds')
            [CompletionResult]::new('mail', 'mail', [CompletionResultType]::ParameterValue, 'Check the mail set-up: a test message without any password')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The effective configuration and where each value came from')
            [CompletionResult]::new('operator', 'operator', [CompletionResultType]::ParameterValue, 'Operators: who may run hrpass on this store, in which role, over which employees')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign in as an operator (password, then a code from the authenticator app); the session is kept for this user and store until logout or its expiry')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End this store''s operator session (or the token given)')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Who this command runs as: operator, role, scope and session')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a man page (roff): the main one, or a command''s; --dir writes them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hrpass;help;init' {
            break
        }
        'hrpass;help;employees' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Bulk upload from CSV: every row is checked first; any error and nothing is written')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a CSV file the way import would, writing nothing')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Find employees by code, name or email, and narrow by department, status, manager, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one employee, with where their password stands')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add one employee')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change fields of one employee')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark an employee as no longer active')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised')
            break
        }
        'hrpass;help;employees;import' {
            break
        }
        'hrpass;help;employees;validate' {
            break
        }
        'hrpass;help;employees;search' {
            break
        }
        'hrpass;help;employees;show' {
            break
        }
        'hrpass;help;employees;add' {
            break
        }
        'hrpass;help;employees;update' {
            break
        }
        'hrpass;help;employees;deactivate' {
            break
        }
        'hrpass;help;employees;export' {
            break
        }
        'hrpass;help;relations' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written')
            break
        }
        'hrpass;help;relations;import' {
            break
        }
        'hrpass;help;select' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add employees by code or name (exact code, then full name, then a unique substring)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take employees off the list')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the selected employees')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Empty the list')
            break
        }
        'hrpass;help;select;add' {
            break
        }
        'hrpass;help;select;remove' {
            break
        }
        'hrpass;help;select;list' {
            break
        }
        'hrpass;help;select;clear' {
            break
        }
        'hrpass;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the policy in force (or an older version)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change settings: makes a new version; contradictions are refused')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Every version, who made it and when')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check a password from stdin against the policy (exit 1 with every broken rule)')
            break
        }
        'hrpass;help;policy;show' {
            break
        }
        'hrpass;help;policy;set' {
            break
        }
        'hrpass;help;policy;history' {
            break
        }
        'hrpass;help;policy;check' {
            break
        }
        'hrpass;help;verify' {
            break
        }
        'hrpass;help;passwd' {
            break
        }
        'hrpass;help;2fa' {
            [CompletionResult]::new('enroll', 'enroll', [CompletionResultType]::ParameterValue, 'Start an employee''s enrolment: print the otpauth:// URI and its QR code for their authenticator app (not active until confirmed)')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Activate the enrolment with a current code from the app (on stdin, or asked); prints ten single-use recovery codes, this once')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Whether an employee has a second factor (without CODE: how many employees have one)')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Remove an employee''s second factor, e.g. after a lost phone (audited); they sign in with their password alone until they enrol again')
            break
        }
        'hrpass;help;2fa;enroll' {
            break
        }
        'hrpass;help;2fa;confirm' {
            break
        }
        'hrpass;help;2fa;status' {
            break
        }
        'hrpass;help;2fa;reset' {
            break
        }
        'hrpass;help;forgot' {
            break
        }
        'hrpass;help;send-password' {
            break
        }
        'hrpass;help;serve' {
            break
        }
        'hrpass;help;send-email' {
            break
        }
        'hrpass;help;notify-expiring' {
            break
        }
        'hrpass;help;outbox' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest last')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Send again, with the same passwords: per employee the newest queued or failed delivery whose password can still be used (older ones become obsolete)')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Drop deliveries (by number from `outbox list`); a new password they carried is dropped')
            break
        }
        'hrpass;help;outbox;list' {
            break
        }
        'hrpass;help;outbox;retry' {
            break
        }
        'hrpass;help;outbox;cancel' {
            break
        }
        'hrpass;help;template' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The templates and the version of each in force')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a template (the version in force, or an older one)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a new version from files; a password template is refused if it lacks {{ password }}, a link template if it lacks {{ link }}, a message template if it uses either, any of them if it uses an unknown variable')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Edit one part in $EDITOR and store the result as a new version')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template with the password masked')
            break
        }
        'hrpass;help;template;list' {
            break
        }
        'hrpass;help;template;show' {
            break
        }
        'hrpass;help;template;set' {
            break
        }
        'hrpass;help;template;edit' {
            break
        }
        'hrpass;help;template;preview' {
            break
        }
        'hrpass;help;log' {
            break
        }
        'hrpass;help;vault' {
            [CompletionResult]::new('fingerprint', 'fingerprint', [CompletionResultType]::ParameterValue, 'The fingerprint of vault.key and the one the store recorded (exit 1 when they differ): check a restored key before using it')
            break
        }
        'hrpass;help;vault;fingerprint' {
            break
        }
        'hrpass;help;store' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The engine, where the store is, its schema version and what it holds')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy the whole store into an empty one (postgres://… or the path of a new SQLite file), in one pass, verified table by table by counts and checksums')
            break
        }
        'hrpass;help;store;status' {
            break
        }
        'hrpass;help;store;copy' {
            break
        }
        'hrpass;help;mail' {
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a test message (no password) to ADDRESS through the configured transport, reporting each step: connect, TLS, sign-in, accepted')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Sign the sending mailbox in to Microsoft 365 or Google (OAuth2 device code): open the address shown, enter the code, sign in as [smtp] username. The refresh token is sealed in the store, so every machine that shares it sends without signing in again')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Forget the stored sign-in of the sending mailbox')
            break
        }
        'hrpass;help;mail;test' {
            break
        }
        'hrpass;help;mail;login' {
            break
        }
        'hrpass;help;mail;logout' {
            break
        }
        'hrpass;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The effective configuration: every key, its value, and where it came from (hrpass.toml, the default, the environment); secrets masked')
            break
        }
        'hrpass;help;config;show' {
            break
        }
        'hrpass;help;operator' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an operator. On a terminal the new operator types their password and enrols an authenticator app; piped, the password is stdin''s first line (none: the operator signs in with tokens only, e.g. for cron)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The operators, their roles and scopes')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change an operator''s role or scope (what is not given stays; an empty value clears)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an operator: their sessions and tokens end at once (the audit trail keeps their name)')
            [CompletionResult]::new('masquerade', 'masquerade', [CompletionResultType]::ParameterValue, 'A one-time URL (5 minutes to open) for a read-only look at an employee''s portal account, at most 15 minutes, with a banner naming you; audited, and the employee is told by mail who looked and why (hr-admins only; needs [portal] public_url)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'A token for a script or cron job to sign in as the operator (HRPASS_TOKEN or --token-file), shown once')
            break
        }
        'hrpass;help;operator;add' {
            break
        }
        'hrpass;help;operator;list' {
            break
        }
        'hrpass;help;operator;set' {
            break
        }
        'hrpass;help;operator;remove' {
            break
        }
        'hrpass;help;operator;masquerade' {
            break
        }
        'hrpass;help;operator;token' {
            break
        }
        'hrpass;help;login' {
            break
        }
        'hrpass;help;logout' {
            break
        }
        'hrpass;help;whoami' {
            break
        }
        'hrpass;help;completions' {
            break
        }
        'hrpass;help;man' {
            break
        }
        'hrpass;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
