//! Reporting lines as a graph: each employee has at most one manager, so a cycle is a loop of
//! "reports to" that comes back to where it started.

/// Row ids below this index the graph directly (64 MB at most); a store with larger ids
/// (SQLite allows any 64-bit id) is numbered afresh, so no id can make the graph huge.
const DENSE_LIMIT: i64 = 16 * 1024 * 1024;

/// Who reports to whom: four bytes an employee, so a million fit in 4 MB.
#[derive(Debug, Default)]
pub struct ReportingGraph {
    /// Indexed by node; 0 means no manager. A node is the row id itself while every id is
    /// below `DENSE_LIMIT`.
    manager: Vec<u32>,
    /// Once an id is not: row id → node, and node → row id (node n at n - 1).
    renumbered: Option<(std::collections::HashMap<i64, u32>, Vec<i64>)>,
}

impl ReportingGraph {
    /// Records that `employee` reports to `manager` (both row ids).
    pub fn add(&mut self, employee: i64, manager: i64) {
        let (employee, manager) = (self.node(employee), self.node(manager));
        let slot = employee as usize;
        if self.manager.len() <= slot {
            self.manager.resize(slot + 1, 0);
        }
        self.manager[slot] = manager;
    }

    fn node(&mut self, id: i64) -> u32 {
        if self.renumbered.is_none() {
            if (1..DENSE_LIMIT).contains(&id) {
                return id as u32;
            }
            self.renumber();
        }
        let (nodes, ids) = self.renumbered.as_mut().expect("renumbered above");
        *nodes.entry(id).or_insert_with(|| {
            ids.push(id);
            ids.len() as u32
        })
    }

    /// Switches from row ids to fresh node numbers, keeping the edges added so far.
    fn renumber(&mut self) {
        let dense = std::mem::take(&mut self.manager);
        self.renumbered = Some(Default::default());
        for (employee, &manager) in dense.iter().enumerate() {
            if manager != 0 {
                self.add(employee as i64, i64::from(manager));
            }
        }
    }

    fn id_of(&self, node: u32) -> i64 {
        match &self.renumbered {
            None => i64::from(node),
            Some((_, ids)) => ids[node as usize - 1],
        }
    }

    fn manager_of(&self, node: u32) -> u32 {
        self.manager.get(node as usize).copied().unwrap_or(0)
    }

    /// Every reporting cycle, each listed once, starting from its smallest id, in
    /// "reports to" order.
    pub fn cycles(&self) -> Vec<Vec<i64>> {
        // 0: not reached yet; otherwise the number of the walk that first reached the node.
        let mut walk_of = vec![0u32; self.manager.len()];
        let mut cycles = Vec::new();
        let starts = (1..self.manager.len() as u32).filter(|&n| self.manager_of(n) != 0);
        for (walk, start) in (1u32..).zip(starts) {
            let mut node = start;
            while node != 0 && walk_of.get(node as usize) == Some(&0) {
                walk_of[node as usize] = walk;
                node = self.manager_of(node);
            }
            // Meeting a node of this same walk means the walk went round a loop.
            if node != 0 && walk_of.get(node as usize) == Some(&walk) {
                let mut cycle = vec![self.id_of(node)];
                let mut next = self.manager_of(node);
                while next != node {
                    cycle.push(self.id_of(next));
                    next = self.manager_of(next);
                }
                let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                cycle.rotate_left(smallest);
                cycles.push(cycle);
            }
        }
        cycles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(i64, i64)]) -> ReportingGraph {
        let mut graph = ReportingGraph::default();
        for &(employee, manager) in edges {
            graph.add(employee, manager);
        }
        graph
    }

    #[test]
    fn a_tree_has_no_cycles() {
        assert!(graph(&[(2, 1), (3, 1), (4, 2), (5, 4)]).cycles().is_empty());
    }

    #[test]
    fn each_cycle_is_reported_once_in_reporting_order() {
        // 1 → 2 → 3 → 1, a tail 4 → 1 into it, a separate 6 ⇄ 7, and 8 → 9 (9 has no manager).
        let cycles = graph(&[(4, 1), (1, 2), (2, 3), (3, 1), (7, 6), (6, 7), (8, 9)]).cycles();
        assert_eq!(cycles, vec![vec![1, 2, 3], vec![6, 7]]);
    }

    #[test]
    fn any_row_id_works_and_a_huge_one_takes_no_huge_memory() {
        let big = 5_000_000_000;
        let cycles = graph(&[(2, 1), (3, 2), (big, 3), (1, big), (i64::MAX, 7), (-4, 7)]).cycles();
        assert_eq!(cycles, vec![vec![1, big, 3, 2]]);
        let g = graph(&[(3_000_000_000, 2_999_999_999)]);
        assert!(g.manager.len() < 10, "{} slots", g.manager.len());
    }
}
