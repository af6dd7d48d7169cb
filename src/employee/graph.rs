//! Reporting lines as a graph: each employee has at most one manager, so a cycle is a loop of
//! "reports to" that comes back to where it started.

/// Finds every reporting cycle among `edges` (employee row id, manager row id). Each cycle is
/// listed once, starting from its smallest id, in "reports to" order.
pub fn find_cycles(edges: &[(i64, i64)]) -> Vec<Vec<i64>> {
    let Some(max_id) = edges.iter().map(|&(a, b)| a.max(b)).max() else {
        return Vec::new();
    };
    // Row ids are dense enough that a vector indexed by id is smaller and faster than a map.
    let size = usize::try_from(max_id).unwrap_or(0) + 1;
    let mut manager = vec![0i64; size];
    for &(employee, boss) in edges {
        manager[employee as usize] = boss;
    }
    // 0: not seen yet; otherwise the number of the walk that first reached the node.
    let mut walk_of = vec![0u32; size];
    let mut cycles = Vec::new();
    for (walk, &(start, _)) in (1u32..).zip(edges) {
        let mut node = start;
        while node != 0 && walk_of[node as usize] == 0 {
            walk_of[node as usize] = walk;
            node = manager[node as usize];
        }
        // Meeting a node of this same walk means the walk went round a loop.
        if node != 0 && walk_of[node as usize] == walk {
            let mut cycle = vec![node];
            let mut next = manager[node as usize];
            while next != node {
                cycle.push(next);
                next = manager[next as usize];
            }
            let smallest = cycle
                .iter()
                .enumerate()
                .min_by_key(|&(_, id)| id)
                .map_or(0, |(i, _)| i);
            cycle.rotate_left(smallest);
            cycles.push(cycle);
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_has_no_cycles() {
        assert!(find_cycles(&[(2, 1), (3, 1), (4, 2), (5, 4)]).is_empty());
    }

    #[test]
    fn each_cycle_is_reported_once_in_reporting_order() {
        // 1 → 2 → 3 → 1, a tail 4 → 1 into it, and a separate 6 ⇄ 7.
        let cycles = find_cycles(&[(4, 1), (1, 2), (2, 3), (3, 1), (7, 6), (6, 7), (8, 9)]);
        assert_eq!(cycles, vec![vec![1, 2, 3], vec![6, 7]]);
    }
}
