//! Reporting lines as a graph: each employee has at most one manager, so a cycle is a loop of
//! "reports to" that comes back to where it started.

/// Who reports to whom, by row id: four bytes an employee, so a million fit in 4 MB.
#[derive(Debug, Default)]
pub struct ReportingGraph {
    /// Indexed by employee row id; 0 means no manager.
    manager: Vec<u32>,
}

impl ReportingGraph {
    /// Records that `employee` reports to `manager` (both row ids, which start at 1).
    pub fn add(&mut self, employee: i64, manager: i64) {
        let (Ok(employee), Ok(manager)) = (u32::try_from(employee), u32::try_from(manager)) else {
            // SQLite hands out row ids in order; four billion employees is not a company.
            panic!("row id beyond u32: {employee}, {manager}");
        };
        let slot = employee as usize;
        if self.manager.len() <= slot {
            self.manager.resize(slot + 1, 0);
        }
        self.manager[slot] = manager;
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
                let mut cycle = vec![i64::from(node)];
                let mut next = self.manager_of(node);
                while next != node {
                    cycle.push(i64::from(next));
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
}
