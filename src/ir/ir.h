/* ir: the language-neutral program representation that every front end
** (JS/TS, Go, C) lowers into and every analysis and rule reads. Rules never
** see syntax trees; whatever a rule needs must be expressible here.
**
** Worked example (TypeScript):
**
**   async function save(pool: Pool, id: number) {
**     const client = await pool.connect();
**     try {
**       await client.query('BEGIN');
**       if (!id) return null;
**       await client.query('COMMIT');
**     } finally {
**       client.release();
**     }
**   }
**
** prints (txlint --dump-ir; tests/lower/js/try.txt holds this golden) as:
**
**   func #1 save(pool: Pool, id: number) async in #0 (<module>)  @1:1
**     locals: client
**     b0 entry:
**       client = await call pool.connect()              @2:24  [throws]
**       jump b1                                         @3:3
**     b1 try.body:  exn b2
**       await call client.query("BEGIN")                @4:11  [throws]
**       branch !id ? b4 : b5                            @5:9
**     b2 finally.exn:
**       call client.release()                           @8:5  [throws]
**       rethrow                                         @7:5
**     b3 try.end:
**       ret                                             @10:1
**     b4 if.then:  exn b2
**       jump b6                                         @7:5
**     b5 if.end:  exn b2
**       await call client.query("COMMIT")               @6:11  [throws]
**       jump b7                                         @3:3
**     b6 finally.ret:
**       call client.release()                           @8:5  [throws]
**       ret null                                        @5:14
**     b7 finally:
**       call client.release()                           @8:5  [throws]
**       jump b3                                         @7:5
**
** Worked example (Go; tests/lower/go/sql.txt holds this golden):
**
**   func (s *Store) Names(ctx context.Context) (names []string, err error) {
**   	rows, err := s.db.QueryContext(ctx, listNames)
**   	if err != nil {
**   		return nil, err
**   	}
**   	defer rows.Close()
**   	for rows.Next() {
**   		var n string
**   		if err := rows.Scan(&n); err != nil {
**   			panic(err)
**   		}
**   		names = append(names, n)
**   	}
**   	return names, rows.Err()
**   }
**
** prints as:
**
**   func #1 (*Store).Names(s: *Store, ctx: context.Context) method class=Store in #0 (<module>)  @3:1
**     locals: names: []string, err: error, rows, n: string
**     b0 entry:
**       names = nil                                     @3:45  [decl]
**       err = nil                                       @3:61  [decl]
**       rows, err = call s.db.QueryContext(ctx, listNames)  @4:15
**       branch err != nil ? b1 : b2                     @5:5
**     b1 if.then:
**       ret nil, err                                    @6:3
**     b2 if.end:
**       defer call rows.Close()                         @8:8
**       jump b3                                         @9:2
**     b3 for.cond:
**       %1 = call rows.Next()                           @9:6
**       branch %1 ? b4 : b5                             @9:6
**     b4 for.body:
**       n = other{}                                     @10:7  [decl]
**       err = call rows.Scan(other{n})                  @11:13
**       branch err != nil ? b6 : b7                     @11:28
**     b5 for.end:
**       %2 = call rows.Err()                            @16:16
**       ret names, %2                                   @16:2
**     b6 if.then:
**       throw err                                       @12:4
**     b7 if.end:
**       names = call append(names, n)                   @14:11
**       jump b3                                         @15:2
**
** No block has an exn successor and no call is [throws]: in Go only the
** explicit panic leaves exceptionally, and the deferred rows.Close() runs
** on both the returns and the throw.
**
** Worked example (C; tests/lower/c/sql.txt holds this golden, declarations
** of PGconn, PGresult, PQexec, PQresultStatus and PQclear above it):
**
**   int count_users(PGconn *conn) {
**     int rc = -1;
**     PGresult *res = PQexec(conn, "SELECT count(*) FROM users");
**     if (PQresultStatus(res) != PGRES_TUPLES_OK)
**       goto done;
**     rc = 0;
**   done:
**     PQclear(res);
**     return rc;
**   }
**
** prints as:
**
**   import PQexec = "test.c".PQexec [linked]  @10:19
**   import PQresultStatus = "test.c".PQresultStatus [linked]  @11:7
**   import PQclear = "test.c".PQclear [linked]  @15:3
**   export count_users = count_users [linked]  @8:1
**   …
**   func #1 count_users(conn: PGconn *) in #0 (<module>)  @8:1
**     locals: rc: int, res: PGresult *
**     b0 entry:
**       rc = -1                                         @9:3  [decl]
**       res = call PQexec(conn, "SELECT count(*) FROM users")  @10:19
**       %1 = call PQresultStatus(res)                   @11:7
**       branch %1 != 2 ? b1 : b2                        @11:7
**     b1 if.then:
**       jump b3                                         @12:5
**     b2 if.end:
**       rc = 0                                          @13:3
**       jump b3                                         @14:1
**     b3 label:
**       call PQclear(res)                               @15:3
**       ret rc                                          @16:3
**
** The enumerator PGRES_TUPLES_OK is its value, 2; the functions the file
** declares but does not define are imports, so models can tell whose they
** are, and count_users is exported for the other translation units.
**
** Printed forms (ir_print.h): values are paths, "strings" (escaped),
** `templates`{hole paths}, numbers, true/false, null/undefined/nil as
** written, fn#N for a function literal, other{mentioned paths}, &x for
** IR_V_ADDR, ...x for a spread, _ for none, not{x} for `!x`; an object literal's string member
** prints as key: "value" among its other{} subs. `x = await v` marks an awaited
** assign. Flags follow the location: [throws] [optional] [noreturn] on
** calls, [decl] on declaring assigns. A function prints its header (params,
** flags, class=, "in #parent"), then "locals:" and "captures:"; params and
** locals show ": type" when declared and [captured] when a nested function
** refers to them. The module prints its tables before the
** functions: `import local = "specifier".imported [type] [require]
** [dynamic]`, `export name = value`, `const name = "value"`, `field
** Owner.name: type = init [static] [embedded] [method]`, `type Name struct|interface|= U|U`. Blocks print "bN kind:" and "exn bM"
** when they have an exception successor. Blocks unreachable from the entry
** are dropped and the rest renumbered in creation order (ir_build.h).
**
** (The exact text is whatever ir_print produces; tests/lower holds goldens.)
**
** Shape:
**   IrModule   one per source file: functions, imports, exports, constants,
**              declared fields. funcs[0] is the module's top-level code.
**   IrFunc     a CFG of IrBlocks; blocks[0] is the entry. Nested function
**              literals (closures, callbacks, arrow functions) are separate
**              IrFuncs with a parent index.
**   IrBlock    instructions, exactly one terminator, and at most one
**              exception successor.
**   IrInstr    IR_CALL, IR_ASSIGN, IR_DEFER, IR_OPAQUE.
**   IrTerm     IR_T_JUMP, IR_T_BRANCH, IR_T_RET, IR_T_THROW, IR_T_UNREACHABLE.
**
** Exits. A function has two exits, kept apart because "leaks on the
** exception path" is a headline finding: IR_T_RET leaves normally;
** IR_T_THROW leaves exceptionally *unless* its block has an exception
** successor (a catch or finally dispatch in the same function), in which case
** control goes there. An instruction flagged IR_CALL_MAY_THROW may likewise
** transfer to the block's exception successor, or leave the function
** exceptionally when exn < 0. The state on that edge is the state *before* the
** throwing instruction (its results were never assigned).
**
** finally (JS) is lowered by duplication: one copy on each normal way out of
** the try (fall through, return, break, continue) and one exceptional copy
** ending in a rethrow (IR_T_THROW with value kind IR_V_NONE).
**
** Each copy of a finally block sits in its own block ("finally",
** "finally.ret", "finally.break", "finally.continue") whose exn is the
** successor outside the try, since the copy runs outside the protected region.
**
** `using x = e` / `await using x = e` (JS) are lowered like a try/finally
** around the rest of the enclosing block: the declaration assigns x, and every
** way out of the scope (fall through "using.dispose", return/break/continue,
** and the exceptional "using.exn" copy ending in a rethrow) calls
** `x.@@dispose()` (callee "x.@@dispose", name "@@dispose", recv x; flagged
** IR_CALL_AWAITED for `await using`), standing for x[Symbol.dispose]() /
** x[Symbol.asyncDispose](). Several variables are disposed in reverse order.
**
** JS specifics: every call is IR_CALL_MAY_THROW; `process.exit()` is
** IR_CALL_NORETURN followed by IR_T_UNREACHABLE. A caught exception binds the
** catch parameter to other{} (IR_ASSIGN_DECL). for-of binds `x = it.[]` and
** tests opaque(it) at the loop head; for-in binds other{}; `for await` assigns
** the element with IR_ASSIGN_AWAITED. `x ??= v`, `x ||= v`, `x &&= v` branch
** around the store. Nested function declarations assign `name = fn#N` where
** they appear; module-level ones are found by name. Captures list the free
** variables declared in an enclosing function other than funcs[0] (module
** variables are globals, not captures); the declaring IrVar gets
** IR_VAR_CAPTURED. Destructured parameters are named "%pN" and destructured
** at entry. Class instance field initialisers run at the start of the
** constructor (an implicit "C.constructor" is created when there is none);
** TS parameter properties become IrFields plus `this.p = p` at entry; `class A
** extends B` (B a path) records an IrField of A flagged IR_FIELD_EMBEDDED
** named and typed "B". Static
** fields are assigned (`C.f = v`) where the class is defined. `require()` and
** `import()` bound by a declarator become IrImports (no instruction); an
** ESM re-export `export { x } from './y'` is an import plus an export;
** `export * from './y'` is import/export named "*". `module.exports = v` is
** exported "default" and, for an object literal, each shorthand/path/function
** property is exported by name too.
**
** defer (Go) is IR_DEFER: reaching it registers the call; registered calls run
** at every exit of the function (return and panic), last in first out, only
** if the defer was reached on that path. Analyses apply them at the exits;
** there is no explicit run-defers instruction.
**
** Go specifics (src/frontend/go/). Exceptions: every block has exn -1 and
** no call is flagged IR_CALL_MAY_THROW; a panic raised inside a callee is
** not modelled (that would put an exceptional edge after every call for a
** rare event and bury the ordinary error-return paths). Only an explicit
** `panic(x)` (the builtin, not a variable named panic) and log.Panic* /
** logrus.Panic* end in IR_T_THROW with the value; they leave the function
** and deferred calls run. os.Exit and log.Fatal* (and logrus.Fatal*) are
** IR_CALL_NORETURN followed by IR_T_UNREACHABLE: deferred calls do not run.
** These are recognised through the file's imports (a local variable that
** shadows the package name turns them back into ordinary calls); methods
** such as (*log.Logger).Fatal are not recognised. recover() is not
** modelled: a deferred closure that recovers still leaves by the throw.
**
** Go names and variables. Methods are "(*Store).Return" (pointer receiver)
** and "Store.Get" (value receiver), class_name "Store" (type arguments
** dropped), flagged IR_FUNC_METHOD, with the receiver as params[0];
** unnamed receivers and parameters are named "_", a variadic parameter has
** IR_VAR_REST and its element type. Named results are locals flagged
** IR_VAR_RESULT, set to their zero value at entry; a bare `return` returns
** their current values (a `_` result as other{}). Unnamed results are
** recorded as locals "%r0", "%r1", … flagged IR_VAR_RESULT, only to carry
** their declared types; they are never assigned. Function literals are
** "outer.<lambda@L:C>", or "outer.x" when bound by `x := func…`; captures
** as for JS (package-level variables are globals). A function has one
** IrVar per name: `if err := …` in an inner block shares the outer err
** (shadowing is not tracked). `:=`, `var` and local `const` assign with
** IR_ASSIGN_DECL; `var x T` assigns T's zero value: nil for pointer, slice,
** map, channel, function, interface types and `error`, other{} otherwise.
**
** Go assignments. `rows, err := db.Query(q)` is one IR_CALL with two
** results (`_` is IR_V_NONE); `a, b := x, y` is two assigns (through
** temporaries when a destination is read on the right, as in a swap);
** comma-ok forms (`v, ok := m[k]`, `x.(T)`, `<-ch`) assign the value (a `_`
** map element to a temporary) and then ok = other{} flagged
** IR_ASSIGN_COMMA_OK; `x += v` and `x++` assign other{x, v}; a store through
** a non-path (`*p = v`) is `opaque assignment`. Values: `&x` and `&T{…}` are
** other{x} / the literal (Go's address-of aliases; it is not IR_V_ADDR's C
** out-parameter); composite literals are other{elements} (struct keys are
** field names and skipped, map keys kept); `x.(T)` is x itself; conversions
** and slicing are other{operand}; `s.m[k]` is the path "s.m.[]". An
** explicit generic instantiation `F[int](x)` reads as a call of "F.[]" and
** `F[int, string](x)` as a conversion other{x} (the grammar cannot tell them
** from indexing a map of functions or converting to a generic type).
**
** Go control flow. `for` lowers to for.cond / for.body / for.post /
** for.end; `for k, v := range x` tests opaque(x) at "range.next" and binds
** k = other{} (key or index; IR_ASSIGN_RANGE_KEY) and v = x.[] (a lone
** variable is the key, so the element of `for v := range ch` is not
** tracked). switch is a chain of
** "case.test" blocks in source order: `tag == v` for a tagged switch, the
** case expression lowered as a condition for a tagless one; default is
** taken when no test matches; `fallthrough` jumps to the next body. A type
** switch tests opaque(x) per case (`case nil` tests x == nil) and binds the
** alias to x at the start of each body. select evaluates its channel
** operands on entry, tests opaque(ch) per case, takes the last case
** unconditionally when there is no default, and `select {}` ends in
** IR_T_UNREACHABLE. Labels are "label" blocks for goto; break/continue with
** labels target the labelled for/switch/select. `go f(x)` is `opaque go`
** over the receiver (or function literal) and the arguments: goroutines are
** not followed, so what they receive escapes; `ch <- v` is `opaque send
** uses(ch, v)`, so v escapes into the channel. `defer f(x)` evaluates the
** callee's operand and the arguments where the defer statement is (calls
** among them are emitted before it), and `defer func(){…}()` has
** callee_value fn#N. A defer inside a loop is still one IR_DEFER: each time
** it is reached it registers one more call, all of which run at exit.
** A file without a final newline is parsed as if it had one.
**
** C specifics (src/frontend/c/, libclang). Exceptions: none; every block
** has exn -1 and no call is IR_CALL_MAY_THROW (as Go). A call to a function
** declared noreturn (by its type, `__attribute__((noreturn))` as libc
** declares exit, abort and longjmp, or `_Noreturn`) is IR_CALL_NORETURN
** followed by IR_T_UNREACHABLE; setjmp's second return is not modelled.
** Calls: a direct call is IR_CALL with the function's name as callee and no
** receiver; a call whose value is dropped (an expression statement, a
** `(void)` cast) has one IR_V_NONE result, printed `_ = call f()`; a void
** call has none. A call through a function pointer is `opaque
** call-through-pointer` over the callee and the arguments (they escape)
** and its result is other{}. `__builtin_expect(x, c)` is x. Values: `&x` is
** IR_V_ADDR with the path of x (`&stmt` for sqlite3_prepare_v2's
** out-parameter); integer constants (literals, characters, enumerators,
** macros that expand to one) are IR_V_NUMBER with their decimal value;
** null pointer constants (NULL, a 0 where a pointer is expected) are
** IR_V_NULL; string literals are decoded, adjacent ones joined; `s->f` and
** `s.f` are the path "s.f", `a[i]` is "a.[]"; `*p` is other{p}; a store
** through a non-path (`*out = v`) is `opaque store uses(out, v)`; a
** comparison or `!x` used as a value is other{} (an int that holds neither
** operand, so `return res != NULL` is no escape); `x++`,
** `x += v` assign other{x, …}; `a ? b : c`, `a && b` as values are a
** temporary assigned on each side; sizeof does not evaluate its operand.
** Conditions: a comparison of an integer (not a pointer) with 0 is
** truthiness, as C defines it: `rc != 0` and `rc != SQLITE_OK` are `rc`,
** `rc == 0` is `!rc`; `!!x` is x (likely() macros); `!(a || f())` swaps the
** successors of the short circuit instead of adding a NOT; a constant
** condition (`while (1)`, `do … while (0)`) is a jump. switch is a
** chain of "case.test" blocks in source order (`v == value`, a GNU range
** `v >= lo && v <= hi`) ending at default or switch.end; case bodies fall
** through into the next; case labels anywhere in the body count (Duff's
** device). Labels are "label" blocks for goto; a computed `goto *p` ends the
** path (with a note). Declarations: a local with an initialiser is a
** [decl] assign (no assign without one); function-static and extern locals
** are not locals (a static is shared by every call: storing into it is an
** escape) and their initialisers run once, not at the declaration.
** File-scope variables are locals of funcs[0] with their initialisers as
** [decl] assigns; one of type const char * / const char[] initialised with
** a string is also an IrConst. A variable name is one IrVar per function:
** shadowing in an inner block shares it. Unnamed parameters are "_"; K&R
** definitions have their declared parameters. Linkage: every function with
** external linkage defined in the file is an IrExport flagged
** IR_EXPORT_LINKED; every function called but not defined in the
** translation unit is an IrImport flagged IR_IMPORT_LINKED whose specifier
** is the file name of the header that declares it ("libpq-fe.h",
** "sqlite3.h"; the file's own name when it declares the prototype itself).
** Functions defined in the project's own headers (files the driver
** analyses, not system headers) are lowered into the including file's
** module with IrFunc.file set; a function whose code has an error is not
** lowered at all (a note says so); a function called undeclared is imported
** from "<undeclared>" (an undeclared-function note names it).
** Locations: a macro argument is located at its text, anything else from a
** macro expansion at the macro's use site, always in the file the function
** is written in. Operators are read from the source text (libclang 14 does
** not report them); one written in a macro body whose operands are the
** macro's parameters (`#define EQ(a, b) a == b`) cannot be read and the
** expression is other{…}, its condition plain truthiness.
**
** Values and access paths. An access path is a variable plus up to three
** field names, written with dots: "client", "this.pool", "s.db.conn".
** Computed member access a[i] becomes the field "[]" ("rows.[]"); longer
** chains are IR_V_OTHER. Front-end temporaries are named "%1", "%2", … and
** are assigned once on each path (the value of `c ? a : b` and of a
** short-circuit `a || f()` is one temporary assigned in each arm). A value that is not a path or a constant is IR_V_OTHER
** and lists the paths it mentions in subs (object literal fields, array
** elements, operands), so that `return { client }` or `this.x = [client]`
** are visible as escapes. An object literal's members whose value is a
** string or template constant are kept as subs too, with the member's key
** (`pool.query({ text: 'BEGIN' })` is other{text: "BEGIN"}), so a model can
** read the SQL of a query config (sql_key, docs/models.md). A member whose
** value is a path keeps its key as well (not printed): `{ connectionString:
** process.env.DATABASE_URL }` says which setting the path is, and the keys
** of a nested literal survive its flattening into the outer one's subs.
**
** Conditions. An IR_T_BRANCH keeps what was tested as a small tree (IrCond):
** truthiness, ==/!= against null or a constant, comparisons, && || !.
** Operands are values; a call inside a condition is first lowered into a
** temporary. When the right operand of && / || contains a call, the front end
** lowers the short circuit as separate branches instead, so calls only run on
** the paths where they really run. succ[0] is the true edge, succ[1] the false
** edge.
**
** Not modelled in the IR: promise chains (.then/.catch callbacks are nested
** functions like any other; the engine's jsflow.c reads the chain from the
** calls); generators' suspension points; goroutines; signals; where a
** longjmp lands (it is only a no-return call);
** getters/setters and Proxy; dynamic property names beyond "[]".
**
** Ownership: everything reachable from an IrModule lives in the module's
** arena (the file arena) and is freed with it.
**
** Invariants: ir_verify.h lists the structural rules above (one terminator,
** reachable blocks, Go and C without exception edges, noreturn before unreachable
** …) and ir_verify_module checks them after every front end in debug builds.
*/
#ifndef TXLINT_IR_IR_H
#define TXLINT_IR_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/srcloc.h"

typedef enum IrLang {
  IR_LANG_C = 1,
  IR_LANG_JS = 2,
  IR_LANG_TS = 4,
  IR_LANG_GO = 8,
} IrLang;

/* Section - Values */

typedef enum IrValueKind {
  IR_V_NONE,     /* absent (no operand, `_` in Go, a rethrow's value) */
  IR_V_PATH,     /* an access path: text = "this.pool" */
  IR_V_STRING,   /* a string constant: text = decoded contents */
  IR_V_TEMPLATE, /* a template literal: text = raw contents, holes kept as ${…};
                    subs = the paths used in the holes */
  IR_V_NUMBER,   /* text = the literal as written */
  IR_V_BOOL,     /* text = "true" / "false" */
  IR_V_NULL,     /* null, undefined, nil, NULL, 0 as a C null pointer constant */
  IR_V_FUNC,     /* a function literal: func = its index in IrModule.funcs */
  IR_V_ADDR,     /* C address-of an access path: text = the path (&conn → "conn", &s->db → "s.db") */
  IR_V_OTHER,    /* anything else; subs = the paths it mentions */
} IrValueKind;

enum {
  IR_VF_SPREAD = 1 << 0, /* ...x (JS spread argument or element) */
  IR_VF_NOT = 1 << 1,    /* IR_V_OTHER: the logical negation of its one sub, a path (JS `!x`) */
  IR_VF_LIST = 1 << 2,   /* IR_V_OTHER of an array literal: subs are its elements, one each and
                            in order (constants and nested values included), so a query's
                            parameter $n is subs[n-1] */
  IR_VF_ADDR_OF = 1 << 3, /* Go: IR_V_OTHER of `&x` (its one sub is x) or `&T{…}` (obj is the
                            literal): a pointer to the operand, as GORM's `db.First(&u)` takes */
  IR_VF_STEP = 1 << 4,   /* Go: IR_V_OTHER of `x + k` or `x - k` with k an integer literal (`x++`,
                            `x -= 2`, `k + x`): subs are x (a path) and the signed step, an
                            IR_V_NUMBER whose text is the literal with a leading `-` when it
                            is subtracted; printed step{x, k} */
  IR_VF_ARITH = 1 << 5,  /* IR_V_OTHER computed by arithmetic on what it mentions (`n + 1`,
                            `a * b`, `i++`, `x -= d`; a string concatenation is not), or a
                            compound value one of whose parts was (`{ seq: last + 1 }`): a
                            number derived from its operands, not a copy of them; printed
                            as other{} */
};

/* An object literal (JS `{ where: { id }, data }`) or composite literal (Go
** `User{Name: n}`, `map[string]any{"n": 1}`) as written, kept beside the
** flattened subs for the readers that need its structure (engine/ormops.c:
** which members of an ORM call's options are the values it writes). Each
** member is the member's full value, with `key` its property or field name
** (a Go map's string key), NULL for a spread or a positional element; a
** nested literal has its own obj. */
typedef struct IrObject {
  const char *type;          /* Go: the literal's type as written ("User", "[]User",
                                "clause.Locking"), else NULL */
  struct IrValue *members;
  uint32_t n_members;
} IrObject;

typedef struct IrValue {
  IrValueKind kind;
  uint16_t flags;          /* IR_VF_* */
  int32_t func;            /* IR_V_FUNC: index into IrModule.funcs; else -1 */
  const char *text;        /* see IrValueKind; NULL for NONE/OTHER/FUNC */
  struct IrValue *subs;    /* IR_V_OTHER / IR_V_TEMPLATE: mentioned paths (and function literals;
                              an object literal's string-valued members too, with their key) */
  uint32_t n_subs;
  const char *key;         /* a sub of an object literal: the member's property name, else NULL */
  SrcLoc loc;
  const IrObject *obj;     /* IR_V_OTHER made from an object or composite literal: its members as
                              written, else NULL (arena-owned, shared by copies) */
} IrValue;

/* Section - Instructions */

typedef enum IrInstrKind {
  IR_CALL,   /* [r0, r1, … = callee(args)]  loc: the whole call expression.
                printed: `%1 = await call client.query("BEGIN")` */
  IR_ASSIGN, /* [dst = src]  loc: the assignment or declarator.
                printed: `client = %1`, `this.client = client` */
  IR_DEFER,  /* [defer callee(args)]  same payload as IR_CALL; runs at exits.
                printed: `defer call rows.Close()` */
  IR_OPAQUE, /* [use(uses…)] a construct not lowered; its operands escape.
                printed: `opaque with_statement uses(a, b)` */
  IR_INSTR_KIND_COUNT
} IrInstrKind;

/* Bit for IrInstrKind k in a rule's instr_mask. */
#define IR_KIND_BIT(k) (1u << (k))

enum {
  IR_CALL_AWAITED = 1 << 0,   /* `await f()`: results are the settled value */
  IR_CALL_NEW = 1 << 1,       /* `new C()` */
  IR_CALL_MAY_THROW = 1 << 2, /* may transfer to the exception successor */
  IR_CALL_OPTIONAL = 1 << 3,  /* `a?.f()` */
  IR_CALL_NORETURN = 1 << 4,  /* never returns (os.Exit, log.Fatal, process.exit, abort) */
};

typedef struct IrCall {
  IrValue *results;     /* destinations, each IR_V_PATH or IR_V_NONE; Go may have several */
  uint32_t n_results;
  const char *callee;   /* access path of the called expression ("pool.connect",
                           "this.pool.query", "s.db.BeginTx", "PQexec"); NULL when
                           the callee is not a path (then see callee_func / callee_value) */
  const char *name;     /* last segment of callee ("connect"); NULL with callee */
  IrValue recv;         /* callee minus its last segment ("pool"); IR_V_NONE for plain calls */
  IrValue callee_value; /* the callee when it is not a path (IR_V_FUNC for an IIFE or a
                           deferred closure, IR_V_OTHER otherwise); IR_V_NONE when callee is set */
  IrValue *args;
  uint32_t n_args;
  uint16_t flags;       /* IR_CALL_* */
} IrCall;

enum {
  IR_ASSIGN_DECL = 1 << 0,    /* a declaration (let/const/var/:=/var x = …) */
  IR_ASSIGN_AWAITED = 1 << 1, /* dst = await src */
  IR_ASSIGN_COMMA_OK = 1 << 2, /* Go: the ok of `v, ok := m[k]` (also `x.(T)`, `<-ch`): src is
                                  other{}; for a map, the instruction before it assigns the
                                  element looked up (to a temporary when v is `_`) */
  IR_ASSIGN_RANGE_KEY = 1 << 3, /* Go: the key (index) of `for k, v := range x`: src is other{};
                                  the block's predecessor tests opaque(x) */
};

typedef struct IrAssign {
  IrValue dst; /* IR_V_PATH */
  IrValue src;
  uint16_t flags; /* IR_ASSIGN_* */
} IrAssign;

typedef struct IrOpaque {
  const char *what; /* the construct, e.g. the tree-sitter node type */
  IrValue *uses;
  uint32_t n_uses;
} IrOpaque;

typedef struct IrInstr {
  IrInstrKind kind;
  SrcLoc loc;
  union {
    IrCall call; /* IR_CALL, IR_DEFER */
    IrAssign assign;
    IrOpaque opaque;
  } u;
} IrInstr;

/* Section - Conditions */

typedef enum IrCondKind {
  IR_COND_TRUTHY, /* a is truthy (JS), non-zero / non-NULL (C), true (Go) */
  IR_COND_NOT,    /* !lhs */
  IR_COND_AND,    /* lhs && rhs */
  IR_COND_OR,     /* lhs || rhs */
  IR_COND_EQ,     /* a == b (also ===) */
  IR_COND_NE,     /* a != b (also !==) */
  IR_COND_LT,
  IR_COND_LE,
  IR_COND_GT,
  IR_COND_GE,
  IR_COND_OPAQUE, /* anything else (instanceof, in, type switch case …); a = the tested value or NONE */
} IrCondKind;

typedef struct IrCond {
  IrCondKind kind;
  struct IrCond *lhs; /* NOT, AND, OR */
  struct IrCond *rhs; /* AND, OR */
  IrValue a;          /* TRUTHY, comparisons, OPAQUE */
  IrValue b;          /* comparisons */
  SrcLoc loc;
} IrCond;

/* Section - Blocks and terminators */

typedef enum IrTermKind {
  IR_T_JUMP,        /* goto succ[0] */
  IR_T_BRANCH,      /* if cond goto succ[0] else succ[1] */
  IR_T_RET,         /* return values (0..n; Go may return several) */
  IR_T_THROW,       /* throw/panic value (IR_V_NONE: rethrow in a finally copy);
                       goes to the block's exn successor, else leaves the function */
  IR_T_UNREACHABLE, /* control cannot get here (after a noreturn call, exhaustive switch) */
} IrTermKind;

typedef struct IrTerm {
  IrTermKind kind;
  uint32_t succ[2];  /* block ids; JUMP uses succ[0], BRANCH both */
  IrCond *cond;      /* BRANCH */
  IrValue *values;   /* RET values, THROW value (one) */
  uint32_t n_values;
  SrcLoc loc;        /* the return/throw statement or the condition; for an implicit
                        return at the end of a function, the closing brace */
} IrTerm;

typedef struct IrBlock {
  uint32_t id;          /* index in IrFunc.blocks */
  const char *kind;     /* what lowered it, for printing: "entry", "if.then", "try.catch" … */
  IrInstr *instrs;
  uint32_t n_instrs;
  IrTerm term;
  int32_t exn;          /* exception successor block id; -1 = the function's exceptional exit */
  uint32_t *preds;      /* filled by cfg_compute_preds (normal and exception edges) */
  uint32_t n_preds;
} IrBlock;

/* Section - Functions and modules */

enum {
  IR_VAR_PARAM = 1 << 0,    /* a parameter */
  IR_VAR_RESULT = 1 << 1,   /* a Go named result */
  IR_VAR_CAPTURED = 1 << 2, /* referenced by a nested function */
  IR_VAR_REST = 1 << 3,     /* ...rest parameter */
};

typedef struct IrVar {
  const char *name;
  const char *type; /* declared type as written, whitespace-normalised ("Pool",
                       "PoolClient | undefined", "*sql.DB"); NULL when not declared */
  uint16_t flags;   /* IR_VAR_* */
  SrcLoc loc;
} IrVar;

enum {
  IR_FUNC_ASYNC = 1 << 0,
  IR_FUNC_GENERATOR = 1 << 1,
  IR_FUNC_ARROW = 1 << 2,
  IR_FUNC_METHOD = 1 << 3,  /* a class method, object method or Go method */
  IR_FUNC_CTOR = 1 << 4,
  IR_FUNC_STATIC = 1 << 5,
  IR_FUNC_TOPLEVEL = 1 << 6, /* funcs[0]: the module's top-level code */
  IR_FUNC_PARSE_ERROR = 1 << 7, /* its source holds a syntax error (funcs[0]: anywhere in the
                                   file): lowered, but the engine reports nothing in it and
                                   callers see a neutral summary */
};

typedef struct IrFunc {
  uint32_t index;        /* in IrModule.funcs */
  const char *name;      /* qualified: "CheckoutsRepo.getActiveCheckout", "(*Store).Return",
                            "db_connect", "<module>", "handler.<lambda@12:5>" */
  const char *class_name; /* owning class / Go receiver base type, or NULL */
  int32_t parent;        /* enclosing function's index, -1 for funcs[0] */
  uint16_t flags;        /* IR_FUNC_* */
  IrVar *params;
  uint32_t n_params;
  IrVar *locals;         /* variables declared in this function (not temporaries), with declared types */
  uint32_t n_locals;
  const char **captures; /* free variables declared in an enclosing function */
  uint32_t n_captures;
  IrBlock *blocks;       /* blocks[0] is the entry */
  uint32_t n_blocks;
  SrcLoc loc;            /* the whole function */
  const char *file;      /* C: the project header (relative path) the function is defined in,
                            when it is not the module's own file; its locations are in that
                            file. NULL everywhere else. */
} IrFunc;

enum {
  IR_IMPORT_TYPE_ONLY = 1 << 0, /* import type { Pool } … */
  IR_IMPORT_REQUIRE = 1 << 1,   /* CommonJS require() */
  IR_IMPORT_DYNAMIC = 1 << 2,   /* import() */
  IR_IMPORT_LINKED = 1 << 3,    /* C: a function declared here and defined elsewhere, resolved by
                                   name among the program's linked symbols; specifier = the
                                   header (file name) that declares it */
};

typedef struct IrImport {
  const char *local;     /* the local name bound ("Pool", "pg", "db") */
  const char *specifier; /* "pg", "mysql2/promise", "./db/connection", "database/sql" */
  const char *imported;  /* the exported name, "default", or "*" for the whole module
                            (namespace import, `const x = require(…)`) */
  uint16_t flags;        /* IR_IMPORT_* */
  SrcLoc loc;
} IrImport;

enum {
  IR_EXPORT_LINKED = 1 << 0, /* C: a function with external linkage, visible to every translation
                                unit of the program by name (IR_IMPORT_LINKED resolves to it) */
};

typedef struct IrExport {
  const char *exported; /* the name importers use; "default" for `export default` and for
                           CommonJS `module.exports = value` */
  IrValue value;        /* usually IR_V_PATH of a top-level variable, function or class name,
                           or IR_V_FUNC; IR_V_OTHER lists what an object literal holds */
  uint16_t flags;       /* IR_EXPORT_* */
  SrcLoc loc;
} IrExport;

typedef struct IrConst {
  const char *name;  /* a module-scope (or class static) constant name */
  const char *value; /* its string value (SQL held in constants) */
  SrcLoc loc;
} IrConst;

enum {
  IR_FIELD_EMBEDDED = 1 << 8, /* Go: an embedded field (named after its type) or embedded interface;
                                 JS: the class's base (`class A extends B`: name and type "B") */
  IR_FIELD_METHOD = 1 << 9,   /* Go: an interface method; type = its result types ("*sql.Rows, error") */
};

typedef struct IrField {
  const char *owner; /* class, struct or interface type name */
  const char *name;
  const char *type;  /* declared type as written, or NULL; for IR_FIELD_METHOD the result
                        types, comma-separated, NULL when there are none */
  IrValue init;      /* class field initialiser (JS `pool = new Pool()`), else IR_V_NONE */
  uint16_t flags;    /* IR_FUNC_STATIC when static; IR_FIELD_* */
  SrcLoc loc;
} IrField;

typedef enum IrTypeKind {
  IR_TYPE_STRUCT,    /* its fields are IrFields with this owner */
  IR_TYPE_INTERFACE, /* its methods are IrFields flagged IR_FIELD_METHOD with this owner */
  IR_TYPE_OTHER,     /* a named type or alias of another type: underlying */
} IrTypeKind;

/* A named type declared at module scope (Go `type T …`). */
typedef struct IrTypeDecl {
  const char *name;
  IrTypeKind kind;
  const char *underlying; /* IR_TYPE_OTHER: the type as written ("*sql.DB"); else NULL */
  bool alias;             /* `type T = U` */
  SrcLoc loc;
} IrTypeDecl;

/* A comparison whose value is stored rather than branched on (`const isProd =
** process.env.NODE_ENV === 'production'`): the stored value is an IR_V_OTHER
** at loc that only mentions the operands; cond keeps the comparison itself,
** so a later test of the variable can be read as that comparison. Only
** == and != with a constant operand are kept. */
typedef struct IrCompare {
  SrcLoc loc;         /* the comparison expression: the stored value's loc */
  const struct IrCond *cond; /* IR_COND_EQ or IR_COND_NE */
} IrCompare;

typedef struct IrModule {
  const char *path;    /* relative path, '/' separated */
  IrLang lang;
  const char *package; /* Go package name; NULL elsewhere */
  IrFunc *funcs;       /* funcs[0] is the top-level code */
  uint32_t n_funcs;
  IrImport *imports;
  uint32_t n_imports;
  IrExport *exports;
  uint32_t n_exports;
  IrConst *consts;
  uint32_t n_consts;
  IrField *fields;
  uint32_t n_fields;
  IrTypeDecl *types;   /* Go: named types declared at package scope */
  uint32_t n_types;
  IrCompare *compares; /* stored comparisons, in source order (JS/TS, Go) */
  uint32_t n_compares;
  Arena *arena;        /* borrowed: the file arena everything above lives in */
} IrModule;

/* Returns the language's display name ("javascript", "typescript", "go", "c"). */
const char *ir_lang_name(IrLang lang);

/* The call of fn whose first result is the front-end temporary tmp (a link
** of a call chain, `%3 = call db.Model(…)`), or NULL. */
const IrCall *ir_temp_call(const IrFunc *fn, const char *tmp);

/* The index of fn's parameter called name, or -1. */
int ir_param_index(const IrFunc *fn, const char *name);

/* The next assignment of fn to a member of path (`path.x = …`, `path.x.y = …`) at or
** after instruction *i of block *b, which are left just past it; NULL when none is left.
** Start with *b = *i = 0. */
const IrInstr *ir_next_member_store(const IrFunc *fn, const char *path, uint32_t *b, uint32_t *i);

#endif
