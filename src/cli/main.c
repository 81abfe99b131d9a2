/* txlint's command line: parses options, runs the driver, writes the report
** (atomically with -o) and maps the outcome onto the exit status documented
** in docs/cli.md: 0 clean, 1 findings, 2 usage/input/output problems, 3
** internal error. */
#define _GNU_SOURCE /* mkstemp, fileno */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "cli/modelsdir.h"
#include "cli/options.h"
#include "cli/settings.h"
#include "driver/baseline.h"
#include "driver/driver.h"
#include "lsp/lsp.h"
#include "rules/registry.h"

#ifndef TXLINT_VERSION
#define TXLINT_VERSION "0.0.0"
#endif

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static int usage_error(const char *msg) {
  fprintf(stderr, "txlint: error: %s\nTry 'txlint --help' for more information.\n", msg);
  return EXIT_USAGE;
}

/* A bad configuration or baseline file: the message names the file and key,
** so --help would not help. */
static int config_error(const char *msg) {
  fprintf(stderr, "txlint: error: %s\n", msg);
  return EXIT_USAGE;
}

static bool rule_visible(const RuleInfo *r, bool debug) { return r->maturity != MATURITY_DEBUG || debug; }

static int cmd_list_rules(const CliOptions *o) {
  size_t n = 0;
  const RuleInfo *const *rules = registry_rule_infos(&n);
  for (size_t i = 0; i < n; i++) {
    if (!rule_visible(rules[i], o->debug_rules)) continue;
    printf("%-26s %-8s %s%s\n", rules[i]->id, report_level_name(rules[i]->default_level), rules[i]->summary,
           rules[i]->maturity == MATURITY_EXPERIMENTAL ? " (experimental)" : "");
  }
  return EXIT_CLEAN;
}

static int cmd_explain(const char *id) {
  const RuleInfo *r = registry_find_info(id);
  if (!r) {
    char msg[256];
    snprintf(msg, sizeof msg, "unknown rule '%s' (see txlint --list-rules)", id);
    return usage_error(msg);
  }
  const char *doc = r->help_markdown && *r->help_markdown ? r->help_markdown : r->description;
  fputs(doc, stdout);
  if (*doc && doc[strlen(doc) - 1] != '\n') putchar('\n');
  return EXIT_CLEAN;
}

static int cmd_dump_ir(const char *path) {
  StrBuf out;
  strbuf_init(&out);
  char err[512];
  bool ok = driver_dump_ir(path, &out, err, sizeof err);
  fputs(strbuf_cstr(&out), stdout);
  strbuf_fini(&out);
  if (!ok) fprintf(stderr, "txlint: error: %s\n", err);
  return ok ? EXIT_CLEAN : EXIT_USAGE;
}

/* Every --rule must name a known rule. */
static bool check_rules(const CliOptions *o, char *err, size_t err_len) {
  for (uint32_t i = 0; i < o->rules.len && o->rules.items[i]; i++) {
    if (!registry_find_info(o->rules.items[i])) {
      snprintf(err, err_len, "unknown rule '%s' (see txlint --list-rules)", o->rules.items[i]);
      return false;
    }
  }
  return true;
}

/* The models directory (modelsdir.h) into out; false with a message in err
** when none is found. */
static bool models_dir(const CliOptions *o, char *out, size_t out_len, char *err, size_t err_len) {
  if (models_dir_find(o->models_dir, out, out_len) != MODELS_NONE) return true;
  snprintf(err, err_len,
           "cannot find the API models (looked in %s): install txlint with cmake --install, set TXLINT_MODELS "
           "or use --models DIR",
           out);
  return false;
}

static bool env_set(const char *name) {
  const char *v = getenv(name);
  return v && *v;
}

/* Colour only for the text format, and in auto mode only on a terminal
** that is not "dumb" and when NO_COLOR is unset or empty (no-color.org). */
static bool want_color(const CliOptions *o, ReportFormat format, FILE *out) {
  if (format != FORMAT_TEXT || o->color == COLOR_NEVER) return false;
  if (o->color == COLOR_ALWAYS) return true;
  if (env_set("NO_COLOR")) return false;
  if (env_set("CLICOLOR_FORCE") || env_set("FORCE_COLOR")) return true;
  const char *term = getenv("TERM");
  return isatty(fileno(out)) && !(term && strcmp(term, "dumb") == 0);
}

/* Input problems go to stderr too (SARIF consumers do not show them). */
static void print_notes(const RunOutput *out) {
  for (uint32_t i = 0; i < out->n_warnings; i++) fprintf(stderr, "txlint: warning: %s\n", out->warnings[i]);
  for (uint32_t i = 0; i < out->n_notifications; i++) {
    const Notification *n = &out->notifications[i];
    FindingLevel level = note_kind_level(n->kind);
    /* Notes stay in the report, except that a library left unchecked is said here too. */
    if (level == LEVEL_NOTE && n->kind != NOTE_UNMODELLED_LIBRARY) continue;
    if (n->at.line)
      fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", n->path ? n->path : "txlint", (unsigned)n->at.line,
              (unsigned)(n->at.col ? n->at.col : 1), report_level_name(level), n->message, note_kind_name(n->kind));
    else
      fprintf(stderr, "%s: %s: %s [%s]\n", n->path ? n->path : "txlint", report_level_name(level), n->message,
              note_kind_name(n->kind));
  }
}

/* Writes the report in format; the caller owns out. Returns false on a write error. */
static bool write_report(const CliOptions *o, ReportFormat format, const RunOutput *run, FILE *out,
                         const char *root_uri) {
  ReportConfig cfg = {TXLINT_VERSION, root_uri, o->include_suppressed, want_color(o, format, out), o->debug_rules,
                      o->baseline != NULL};
  Reporter *r = report_new(format, out, &cfg);
  r->vt->begin(r);
  for (uint32_t i = 0; i < run->n_findings; i++) r->vt->finding(r, run->findings[i]);
  for (uint32_t i = 0; i < run->n_notifications; i++) r->vt->notification(r, &run->notifications[i]);
  bool ok = r->vt->end(r, &run->summary);
  report_delete(r);
  return ok;
}

/* -o onto something that is not a regular file (/dev/null, /dev/stdout, a
** FIFO): written in place, since renaming a temporary file onto it would
** replace the device or pipe with a plain file. */
static bool write_report_in_place(const CliOptions *o, OutputSpec spec, const RunOutput *run, const char *root_uri) {
  FILE *fp = fopen(spec.path, "w");
  bool ok = fp && write_report(o, spec.format, run, fp, root_uri);
  if (fp && fclose(fp) != 0) ok = false;
  if (!ok) fprintf(stderr, "txlint: error: cannot write %s\n", spec.path);
  return ok;
}

/* -o: writes into a temporary file beside the target and renames it, so a
** reader never sees half a report. */
static bool write_report_to(const CliOptions *o, OutputSpec spec, const RunOutput *run, const char *root_uri) {
  if (!spec.path) return write_report(o, spec.format, run, stdout, root_uri);
  struct stat target;
  if (stat(spec.path, &target) == 0 && !S_ISREG(target.st_mode)) return write_report_in_place(o, spec, run, root_uri);
  size_t n = strlen(spec.path) + 16;
  char *tmp = xmalloc(n);
  snprintf(tmp, n, "%s.tmp.XXXXXX", spec.path);
  int fd = mkstemp(tmp);
  mode_t mask = umask(0); /* mkstemp makes 0600; give the report the usual 0666 & ~umask */
  umask(mask);
  if (fd >= 0) fchmod(fd, 0666 & ~mask);
  FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
  bool ok = fp && write_report(o, spec.format, run, fp, root_uri);
  if (fp && fclose(fp) != 0) ok = false;
  if (!fp && fd >= 0) close(fd);
  if (ok && rename(tmp, spec.path) != 0) ok = false;
  if (!ok && fd >= 0) unlink(tmp);
  if (!ok) fprintf(stderr, "txlint: error: cannot write %s\n", spec.path);
  free(tmp);
  return ok;
}

static char *src_root_uri(void) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return NULL;
  StrBuf b;
  strbuf_init(&b);
  strbuf_puts(&b, "file://");
  report_uri_encode(&b, cwd);
  if (b.data[b.len - 1] != '/') strbuf_putc(&b, '/');
  return strbuf_take(&b);
}

/* Writing a baseline accepts today's findings, so they do not fail the run.
** Each finding fails the run from its own configuration's failOn (or
** --fail-on): the driver counts those (n_failing). */
static int exit_status(const CliOptions *o, const RunOutput *run) {
  if (!run->summary.execution_successful) return EXIT_USAGE;
  if (o->exit_zero || o->write_baseline) return EXIT_CLEAN;
  return run->n_failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* --write-baseline: every unsuppressed finding of the run, baselined or not. */
static bool write_baseline(const CliOptions *o, const RunOutput *run) {
  char err[1024];
  if (!baseline_write(o->write_baseline, run->current, run->n_current, err, sizeof err)) {
    fprintf(stderr, "txlint: error: %s\n", err);
    return false;
  }
  fprintf(stderr, "txlint: wrote %u baseline entr%s to %s\n", (unsigned)run->n_current,
          run->n_current == 1 ? "y" : "ies", o->write_baseline);
  return true;
}

static int finish_run(const CliOptions *o, const RunOutput *out) {
  print_notes(out);
  char *root = src_root_uri();
  /* The main report (-f/-o), then each -f FORMAT=FILE: one run, several reports. */
  OutputSpec main_spec = {o->format, o->output};
  bool ok = write_report_to(o, main_spec, out, root);
  for (uint32_t i = 0; i < o->extra_outputs.len; i++) ok &= write_report_to(o, o->extra_outputs.items[i], out, root);
  free(root);
  if (ok && o->write_baseline) ok = write_baseline(o, out);
  return ok ? exit_status(o, out) : EXIT_USAGE;
}

/* --stdin-filename: the whole of standard input, at most one byte more than
** a file may have (the reader then reports it as too large). */
static char *read_stdin(size_t *len) {
  StrBuf b;
  strbuf_init(&b);
  char chunk[65536];
  size_t n;
  while (b.len <= DRIVER_DEFAULT_MAX_FILE_SIZE && (n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
    strbuf_append(&b, chunk, n);
  *len = b.len;
  return strbuf_take(&b);
}

static int cmd_lint(const CliOptions *o, Settings *s, const char *models) {
  char err[3 * PATH_MAX];
  if (!check_rules(o, err, sizeof err)) return usage_error(err);
  DriverOptions d = {0};
  d.paths = o->paths.items;
  d.n_paths = o->paths.len;
  char *text = NULL;
  DriverOverride stdin_buffer = {0};
  if (o->stdin_filename) { /* lint PATH as if named on the command line, with stdin's text */
    d.paths = &o->stdin_filename;
    d.n_paths = 1;
    stdin_buffer.path = o->stdin_filename;
    text = read_stdin(&stdin_buffer.len);
    stdin_buffer.text = text;
    d.override = &stdin_buffer;
  }
  d.jobs = o->jobs ? o->jobs : driver_default_jobs();
  d.models_dir = models;
  d.only_rules = s->restrict_rules ? s->only_rules.items : NULL;
  d.configs = &s->configs;
  d.fail_on_set = o->fail_on_set;
  d.fail_on = o->fail_on;
  d.baseline = o->baseline;
  d.include_baselined = o->include_baselined;
  d.include_suppressed = o->include_suppressed;
  d.enable_debug_rules = o->debug_rules;
  d.no_prefilter = o->no_prefilter;
  d.no_named_context = o->no_context;
  d.compile_db = o->compile_db;
  d.c_extra_args = o->extra_args.items;
  d.n_c_extra_args = o->extra_args.len;
  struct stat models_st;
  if (stat(d.models_dir, &models_st) != 0 || !S_ISDIR(models_st.st_mode)) {
    snprintf(err, sizeof err, "bad models: '%s' is not a directory", d.models_dir);
    return usage_error(err);
  }
  Run *run = run_new(&d);
  DriverStatus st = run_execute(run, err, sizeof err);
  int status;
  if (st == DRIVER_USAGE) {
    status = usage_error(err);
  } else if (st == DRIVER_CONFIG) {
    status = config_error(err);
  } else if (st == DRIVER_INTERNAL) {
    fprintf(stderr, "txlint: internal error: %s\n", err);
    status = EXIT_INTERNAL;
  } else {
    status = finish_run(o, run_output(run));
  }
  run_delete(run);
  free(text);
  return status;
}

/* The commands that read the configuration: --print-config and a lint run. */
static int cmd_configured(const CliOptions *o) {
  Settings s;
  char err[3 * PATH_MAX], models[2 * PATH_MAX + 64];
  if (!models_dir(o, models, sizeof models, err, sizeof err)) return usage_error(err);
  int status;
  if (!settings_load(&s, o, err, sizeof err)) status = config_error(err);
  else if (o->print_config) status = settings_print(&s, o, models, stdout) ? EXIT_CLEAN : EXIT_USAGE;
  else if (o->paths.len == 0 && !o->stdin_filename) status = usage_error("no input: give at least one file or directory");
  else status = cmd_lint(o, &s, models);
  settings_fini(&s);
  return status;
}

/* `txlint lsp [--models DIR] [-j N]`: the language server on stdin/stdout
** (src/lsp/). Everything else about a run comes from each document's
** nearest .txlint.json. */
static int cmd_lsp(int argc, char **argv) {
  CliOptions o;
  char err[512];
  int status;
  if (!cli_options_parse(&o, argc - 1, argv + 1, err, sizeof err)) {
    status = usage_error(err);
  } else if (o.paths.len || o.stdin_filename) {
    status = usage_error("txlint lsp takes no PATH: the editor sends the documents");
  } else {
    char found[2 * PATH_MAX + 64], merr[3 * PATH_MAX];
    if (!models_dir(&o, found, sizeof found, merr, sizeof merr)) {
      status = usage_error(merr);
    } else {
      /* Absolute: the server moves into the editor's workspace root. */
      char *models = realpath(found, NULL);
      LspOptions lo = {models ? models : found, o.jobs ? o.jobs : driver_default_jobs(), TXLINT_VERSION};
      status = lsp_serve(&lo, stdin, stdout);
      free(models);
    }
  }
  cli_options_fini(&o);
  return status;
}

int main(int argc, char **argv) {
  CliOptions o;
  char err[512];
  int status;
  if (argc >= 2 && strcmp(argv[1], "lsp") == 0) return cmd_lsp(argc, argv);
  if (!cli_options_parse(&o, argc, argv, err, sizeof err)) status = usage_error(err);
  else if (o.help) status = (fputs(cli_usage_text, stdout), EXIT_CLEAN);
  else if (o.version) status = (printf("txlint %s\n", TXLINT_VERSION), EXIT_CLEAN);
  else if (o.list_rules) status = cmd_list_rules(&o);
  else if (o.explain) status = cmd_explain(o.explain);
  else if (o.dump_ir) status = cmd_dump_ir(o.dump_ir);
  else status = cmd_configured(&o);
  cli_options_fini(&o);
  return status;
}
