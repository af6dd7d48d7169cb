//! `hrpass select …`: the persistent "Selected employees" list that send-password works on.

use crate::context::Ctx;
use crate::employee::selection::{self, Match};
use crate::model::{Employee, StoredEmployee};
use crate::output::{Format, print_list, print_result};
use crate::store;
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Debug, Subcommand)]
pub enum SelectCommand {
    /// Add employees by code or name (exact code, then full name, then a unique substring)
    #[command(after_help = "Examples:
  hrpass select add E0007 E0012
  hrpass select add \"José García\"
  hrpass select add --interactive smith")]
    Add(PickArgs),
    /// Take employees off the list
    Remove(PickArgs),
    /// Show the selected employees
    List,
    /// Empty the list
    Clear,
}

#[derive(Debug, Args)]
pub struct PickArgs {
    /// Employee codes or names
    #[arg(required = true, value_name = "NAME_OR_CODE")]
    pub terms: Vec<String>,
    /// When a name fits several employees, let me pick on the terminal
    #[arg(long, short = 'i')]
    pub interactive: bool,
}

#[derive(Debug, Serialize)]
struct Changed {
    changed: usize,
    unchanged: usize,
    selected: usize,
}

pub fn run(command: SelectCommand, ctx: &mut Ctx) -> Result<()> {
    match command {
        SelectCommand::Add(args) => change(args, ctx, true),
        SelectCommand::Remove(args) => change(args, ctx, false),
        SelectCommand::List => {
            let list: Vec<Employee> = selected_in_scope(ctx)?
                .into_iter()
                .map(|s| s.employee)
                .collect();
            if list.is_empty() && ctx.settings.format == Format::Table {
                ctx.status("No employee is selected (add some with `hrpass select add`).");
                return Ok(());
            }
            print_list(ctx.settings.format, &list)
        }
        SelectCommand::Clear => {
            let operator = ctx.operator.clone();
            let cleared = if ctx.actor()?.scope.everyone {
                selection::clear(ctx.store()?, &operator)?
            } else {
                // An operator with a scope clears only the selected employees in it.
                let mine = selected_in_scope(ctx)?;
                selection::remove(ctx.store()?, &mine, &operator)?.changed
            };
            let result = Changed {
                changed: cleared,
                unchanged: 0,
                selected: 0,
            };
            let text = format!("Cleared the selection ({cleared} removed).");
            print_result(ctx.settings.format, &result, &text)
        }
    }
}

/// The selected employees the operator sees: those in their scope.
fn selected_in_scope(ctx: &mut Ctx) -> Result<Vec<StoredEmployee>> {
    let actor = ctx.actor()?.clone();
    let conn = ctx.store()?.conn();
    let mut mine = Vec::new();
    for e in store::selection::list(conn)? {
        if actor.scope.contains(conn, &e)? {
            mine.push(e);
        }
    }
    Ok(mine)
}

fn label(e: &StoredEmployee) -> String {
    let e = &e.employee;
    let mut text = format!("{}  {} <{}>", e.code, e.full_name(), e.email);
    if !e.department.is_empty() {
        let _ = write!(text, ", {}", e.department);
    }
    if e.status == crate::model::Status::Inactive {
        text.push_str(" (inactive)");
    }
    text
}

/// Resolves every term; all must resolve, or nothing changes.
fn resolve_all(args: &PickArgs, ctx: &mut Ctx) -> Result<Vec<StoredEmployee>> {
    if args.interactive && !ctx.interactive() {
        bail!(
            "--interactive needs a terminal; without one, pass employee codes (see `hrpass employees search NAME`)"
        );
    }
    let actor = ctx.actor()?.clone();
    let scope = actor.scope_filter();
    let mut chosen = Vec::new();
    let mut problems = Vec::new();
    for term in &args.terms {
        match selection::resolve(ctx.store()?, term, scope.as_ref())? {
            Match::One(e) => match actor.outside_scope(ctx.store()?.conn(), &e)? {
                Some(why) => problems.push(format!("{}: {why}", e.employee.code)),
                None => chosen.push(e),
            },
            Match::None => problems.push(format!("no employee matches {term:?}")),
            Match::Ambiguous { candidates, more } if args.interactive => {
                let options: Vec<String> = candidates.iter().map(label).collect();
                let note = if more {
                    " (more match: type more of the name)"
                } else {
                    ""
                };
                let question = format!("{term:?} fits {} employees{note}; pick", candidates.len());
                let Some(picked) = ctx
                    .prompter
                    .pick(&question, &options, "pass employee codes")?
                else {
                    return Err(crate::error::Failure::Cancelled.into());
                };
                if picked.is_empty() {
                    problems.push(format!("nobody was picked for {term:?}"));
                }
                chosen.extend(
                    picked
                        .into_iter()
                        .filter_map(|i| candidates.get(i).cloned()),
                );
            }
            Match::Ambiguous { candidates, more } => {
                let mut text = format!("{term:?} fits {} employees:", candidates.len());
                for c in &candidates {
                    let _ = write!(text, "\n    {}", label(c));
                }
                if more {
                    text.push_str("\n    … and more");
                }
                text.push_str("\n  pass the code, or add --interactive to pick");
                problems.push(text);
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}; nothing changed", problems.join("\n"));
    }
    chosen.sort_by_key(|e| e.id);
    chosen.dedup_by_key(|e| e.id);
    Ok(chosen)
}

fn change(args: PickArgs, ctx: &mut Ctx, add: bool) -> Result<()> {
    let chosen = resolve_all(&args, ctx)?;
    let operator = ctx.operator.clone();
    let store = ctx.store()?;
    let change = if add {
        selection::add(store, &chosen, &operator)?
    } else {
        selection::remove(store, &chosen, &operator)?
    };
    let selected = store::selection::list(store.conn())?.len();
    let inactive: Vec<&str> = chosen
        .iter()
        .filter(|e| add && e.employee.status == crate::model::Status::Inactive)
        .map(|e| e.employee.code.as_str())
        .collect();
    if !inactive.is_empty() {
        ctx.warn(&format!(
            "selected but inactive (passwords are not sent to them): {}",
            inactive.join(", ")
        ));
    }
    let text = match (add, change.unchanged) {
        (true, 0) => format!(
            "Added {} to the selection; {selected} selected.",
            count(change.changed)
        ),
        (true, n) => format!(
            "Added {} to the selection ({n} already there); {selected} selected.",
            count(change.changed)
        ),
        (false, 0) => format!(
            "Removed {} from the selection; {selected} selected.",
            count(change.changed)
        ),
        (false, n) => format!(
            "Removed {} from the selection ({} not on it); {selected} selected.",
            count(change.changed),
            if n == 1 { "1 was" } else { "the others were" }
        ),
    };
    let result = Changed {
        changed: change.changed,
        unchanged: change.unchanged,
        selected,
    };
    print_result(ctx.settings.format, &result, &text)
}

fn count(n: usize) -> String {
    crate::text::count(n as u64, "employee", "employees")
}
