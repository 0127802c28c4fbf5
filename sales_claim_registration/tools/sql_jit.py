"""PostgreSQL's JIT compilation turned off for one statement."""

from contextlib import contextmanager


@contextmanager
def jit_disabled(cr):
    """Run the statements of the block without JIT compilation.

    PostgreSQL compiles a statement whose estimated cost is high; a
    recursive query is estimated at millions of rows whatever it finds (the
    identity widening: a few thousand), and compiling it with optimization
    took 2.6 s to run it in 0.1 s. ``SET LOCAL`` ends with the transaction;
    the setting is restored after the block. On an error the rollback that
    follows (of the transaction or its savepoint) restores it."""
    cr.execute("SET LOCAL jit = off")
    yield
    cr.execute("SET LOCAL jit TO DEFAULT")


def jit_off_until_commit(cr):
    """No JIT compilation for the rest of the transaction: a batch of bulk
    statements (a cron batch, committed or rolled back at its end)."""
    cr.execute("SET LOCAL jit = off")
