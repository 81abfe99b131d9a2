/* onceproc: functions that run at most once per process. A command-line
** tool's `main` calls one function per command and exits; a connection that
** such a function leaves open is closed by the process exit, not piled up.
** Each C module publishes its call sites (caller, callee, whether the call
** is on a CFG cycle) and the names it uses as values (a function whose
** address is taken may be a callback or handler, run any number of times);
** the rules register the leaks that would only matter if their function ran
** repeatedly (rule_ctx_once_per_process). In the project phase, a function
** runs once when it is `main`, or when it has call sites and every one is
** in a function that runs once and on no cycle there, and its name is never
** used as a value; its registered leaks become notes. Go (goonce.c) publishes
** the same facts with qualified names ("import/path Func"), its roots (`main`
** of package main, `init`, package initialisation) and the packages some of
** whose callers were not analysed. */
#ifndef TXLINT_ENGINE_ONCEPROC_H
#define TXLINT_ENGINE_ONCEPROC_H

#include "engine/analysis.h"

typedef struct OnceCall {
  char *caller; /* heap */
  char *callee; /* heap */
  bool on_cycle;
} OnceCall;

typedef struct OnceCandidate {
  Finding *f;               /* borrowed: lives in its file's FindingList until the run ends */
  char *fn;                 /* heap: the function it is in */
  const char *note_message; /* in f's list arena: the message when fn runs once */
} OnceCandidate;

typedef struct OnceFacts {
  ARRAY(OnceCall) calls;          /* heap */
  ARRAY(char *) taken;            /* heap: names used as values */
  ARRAY(OnceCandidate) candidates; /* heap */
  ARRAY(char *) roots;            /* heap: Go functions that run once by themselves */
  ARRAY(char *) unseen;           /* heap: Go import paths with a caller that is not analysed */
} OnceFacts;

/* What a candidate finding is about (rule_ctx_once_per_process_as). */
typedef enum OnceWhat {
  ONCE_LEAK, /* resource res lost at a return, acquired on no cycle */
  ONCE_TX,   /* resource res's transaction left open at a return, acquired on no cycle */
  ONCE_FUNC, /* the function as a whole (non-atomic-writes: its writes) */
} OnceWhat;

/* Registers f (a leak of resource res of the function being analysed) to
** become a note with note_message when the function runs once per process.
** Only for a connection lost at a return, acquired on no cycle of the
** function (else nothing is registered). */
void onceproc_add_candidate(ModCtx *mc, const FnAnalysis *fa, uint32_t res, Finding *f, const char *note_message);
/* The same for any OnceWhat (res ignored for ONCE_FUNC). */
void onceproc_add_candidate_as(ModCtx *mc, const FnAnalysis *fa, OnceWhat what, uint32_t res, Finding *f,
                               const char *note_message);
/* For each block b of fn (heap, n_blocks entries; the caller frees): whether
** it holds a call and lies on a loop, so that a call there may run more than
** once per run of fn. */
bool *onceproc_call_cycles(const IrFunc *fn);
/* goonce.c: the Go name of fn in mc's package (heap), and a Go module's facts. */
char *goonce_name(const ModCtx *mc, const IrFunc *fn);
void goonce_collect(ModCtx *mc, OnceFacts *facts);
/* After a C module's functions are analysed: its call sites and the names
** it uses as values, with mc's candidates, move to s. */
void onceproc_publish(ModCtx *mc, ModuleSummary *s);
/* The project phase: decides which functions run once and turns their
** candidates into notes (level lowered twice, the note's message). */
void onceproc_apply(const Project *project);
void onceproc_facts_delete(OnceFacts *facts);

#endif
