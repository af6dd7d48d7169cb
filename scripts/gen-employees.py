#!/usr/bin/env python3
"""Writes N realistic employee rows as CSV (our header) to stdout, deterministic for a seed.

Every row is valid: unique codes, well-formed emails, a manager on an earlier row for most
employees (a tree some levels deep), some accented names.
"""
import random
import sys

FIRST = ["Zoë", "José", "Anaïs", "Søren", "Łukasz", "Ngozi", "Hiroshi", "Priya", "Björn", "Chloé",
         "Emma", "Liam", "Olivia", "Noah", "Ava", "Mei", "Kwame", "Leila", "Andrés", "Greta",
         "Yuki", "Carlos", "Hannah", "Ömer", "Marta", "Thabo", "Lucía", "Arjun", "Freya", "Paulo"]
LAST = ["Müller", "García", "Lefèvre", "Kierkegaard", "Wróbel", "Okafor", "Tanaka", "Raman",
        "Åkesson", "Dubois", "Smith", "Johnson", "Brown", "Chen", "Mensah", "Haddad", "Peña",
        "Østergaard", "Petrov", "Demir", "Sato", "Schäfer", "Kaya", "Nowak", "Nkosi", "Rossi"]
ASCII = str.maketrans("ëéïøłóöåçñíúüäß", "eeiolooacniuuas")
DEPTS = ["Engineering", "Finance", "Human Resources", "Sales", "Operations", "Legal", "Support"]
TITLES = ["Analyst", "Engineer", "Senior Engineer", "Accountant", "Specialist", "Coordinator"]


def main() -> None:
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout
    out.write("employee_code,first_name,last_name,email,department,job_title,manager_code,status\n")
    for i in range(1, n + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}.{i}@example.com".lower().translate(ASCII)
        manager = f"E{rng.randint(1, i - 1):07d}" if i > 1 else ""
        status = "inactive" if i % 50 == 0 else "active"
        out.write(f"E{i:07d},{first},{last},{email},{rng.choice(DEPTS)},{rng.choice(TITLES)},{manager},{status}\n")


if __name__ == "__main__":
    main()
