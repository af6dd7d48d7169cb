
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
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create the home: store, config and vault key (safe to run again)'
            cand employees 'Upload, check, find and edit employees'
            cand relations 'Reporting relationships (who reports to whom)'
            cand select 'The "Selected employees" list that send-password works on'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;init'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee'
            cand add 'Add one employee'
            cand update 'Change fields of one employee'
            cand deactivate 'Mark an employee as no longer active'
            cand export 'Write every employee as CSV (to FILE, or stdout); formula-like cells are neutralised'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;employees;import'= {
            cand --on-existing 'What to do with a row whose employee code is already in the store'
            cand --map 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --dry-run 'Check everything and say what would change, writing nothing'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;validate'= {
            cand --report 'Write the rows that have errors, with `line` and `error` columns, to this CSV file'
            cand --on-existing 'What to do with a row whose employee code is already in the store'
            cand --map 'Read the file''s column SOURCE as our COLUMN (e.g. --map "Mitarbeiter-Nr=employee_code")'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;search'= {
            cand --department 'department'
            cand --status 'status'
            cand --manager 'Direct reports of this manager (employee code)'
            cand --title 'Job title contains this text'
            cand --limit 'limit'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand --recursive 'With --manager: everyone below that manager, not only direct reports'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;show'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;add'= {
            cand --code 'code'
            cand --email 'email'
            cand --first-name 'first-name'
            cand --last-name 'last-name'
            cand --department 'department'
            cand --job-title 'job-title'
            cand --manager 'The manager''s employee code'
            cand --status 'status'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;update'= {
            cand --email 'email'
            cand --first-name 'first-name'
            cand --last-name 'last-name'
            cand --department 'department'
            cand --job-title 'job-title'
            cand --manager 'The manager''s employee code; an empty value removes the manager'
            cand --status 'status'
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;deactivate'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;export'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;employees;help'= {
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee'
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
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Set managers from a CSV of employee_code, manager_code (an empty manager clears it); unknown codes and reporting cycles are refused and nothing is written'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;relations;import'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
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
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add employees by code or name (exact code, then full name, then a unique substring)'
            cand remove 'Take employees off the list'
            cand list 'Show the selected employees'
            cand clear 'Empty the list'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;select;add'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -i 'When a name fits several employees, let me pick on the terminal'
            cand --interactive 'When a name fits several employees, let me pick on the terminal'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;select;remove'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -i 'When a name fits several employees, let me pick on the terminal'
            cand --interactive 'When a name fits several employees, let me pick on the terminal'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;select;list'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;select;clear'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
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
        &'hrpass;completions'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;man'= {
            cand --home 'The folder that holds hrpass.db, hrpass.toml and vault.key'
            cand --format 'How listings and summaries are printed on stdout'
            cand --color 'Colour on stderr: auto means on a terminal and without NO_COLOR'
            cand -y 'Answer yes to every confirmation'
            cand --yes 'Answer yes to every confirmation'
            cand -q 'Print only results and errors: no status lines or progress bars'
            cand --quiet 'Print only results and errors: no status lines or progress bars'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hrpass;help'= {
            cand init 'Create the home: store, config and vault key (safe to run again)'
            cand employees 'Upload, check, find and edit employees'
            cand relations 'Reporting relationships (who reports to whom)'
            cand select 'The "Selected employees" list that send-password works on'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hrpass;help;init'= {
        }
        &'hrpass;help;employees'= {
            cand import 'Bulk upload from CSV: every row is checked first; any error and nothing is written'
            cand validate 'Check a CSV file the way import would, writing nothing'
            cand search 'Find employees by code, name or email, and narrow by department, status, manager, title'
            cand show 'Show one employee'
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
        &'hrpass;help;completions'= {
        }
        &'hrpass;help;man'= {
        }
        &'hrpass;help;help'= {
        }
    ]
    $completions[$command]
}
