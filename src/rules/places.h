/* places: what kind of program a file's code runs in, for the rules whose
** findings only matter where requests run concurrently or per request:
** test code, and one-off processes of their own (scripts, CLI tools,
** migrations, seeds). By path, and for migrations also by shape. */
#ifndef TXLINT_RULES_PLACES_H
#define TXLINT_RULES_PLACES_H

#include <stdbool.h>

#include "ir/ir.h"

/* Tests and their helpers (`*_test.go`, `*.test.*`, `*.spec.*`, a directory
** named test, tests, __tests__, __mocks__, spec, e2e, testdata, testutil,
** testhelpers …, a file named test-* / test_*, and a test runner's setup file:
** setupTests.*, setup-tests.*, test-setup.*). */
bool place_is_test(const char *path);
/* Scripts, CLI tools, migrations, seeds, benchmarks and examples: a directory
** named scripts, bin, tools, cli, migrations, migrate, migrator, deltas (schema
** deltas), seeds, bench,
** examples …,
** or a file whose name starts with seed or migrat (migrate.ts, migration.ts). */
bool place_is_script(const char *path);
/* A migration by its shape: a module that exports both `up` and `down` (knex,
** Sequelize, node-pg-migrate), or a class with both methods (TypeORM's
** MigrationInterface). It runs once, from the migration tool. */
bool place_module_is_migration(const IrModule *m);
/* Any of the above: code no two requests run at the same time. */
bool place_runs_alone(const IrModule *m);

#endif
