#include "cli/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_usage_text[] =
    "Usage: txlint [OPTIONS] PATH...\n"
    "       txlint [OPTIONS] --stdin-filename PATH < TEXT\n"
    "       txlint lsp [--models DIR] [-j N]   (language server over stdio)\n"
    "\n"
    "Finds database connection and transaction misuse in C, JavaScript, TypeScript\n"
    "and Go (.c .h .js .jsx .mjs .cjs .ts .tsx .mts .cts .go).\n"
    "PATHs are files or directories; directories are searched recursively, skipping\n"
    "whatever .gitignore ignores, then .git, node_modules, vendor and testdata, and\n"
    "generated or minified files (one note counts each kind; \"include\" in\n"
    ".txlint.json re-includes). Files named explicitly are always analysed, with the\n"
    "project files they need (imports, the rest of a Go package, C wrappers) read\n"
    "as context; only the named files are reported.\n"
    "\n"
    "Output:\n"
    "  -f, --format FORMAT   text (default), gcc, json, sarif or github (GitHub Actions\n"
    "                        workflow commands: annotations in CI logs)\n"
    "  -f FORMAT=FILE        also write the report in FORMAT to FILE (repeatable), e.g.\n"
    "                        -f sarif=txlint.sarif next to text on stdout\n"
    "  -o, --output FILE     write the report to FILE (atomically) instead of stdout\n"
    "  --color WHEN          auto (default: only on a terminal, unless NO_COLOR is set),\n"
    "                        always or never; only the text format is ever coloured\n"
    "  --stdin-filename PATH lint the text on standard input as the contents of PATH\n"
    "                        (editors: PATH's project context, the buffer's text)\n"
    "  --include-suppressed  also report findings silenced by txlint-disable comments\n"
    "                        (SARIF: with suppressions of kind inSource)\n"
    "\n"
    "Analysis:\n"
    "  --rule ID             run only this rule (repeatable)\n"
    "  -j, --jobs N          worker threads (default: the CPUs txlint may use)\n"
    "  --models DIR          API model directory (default: $TXLINT_MODELS, else\n"
    "                        ../share/txlint/rules next to the binary)\n"
    "  --no-prefilter        parse every file, not only those the lexical prefilter keeps\n"
    "  --no-context          analyse named files alone, without the project files they need\n"
    "  -p, --build-path DIR  C: read compile flags from DIR/compile_commands.json (default:\n"
    "                        the nearest compile_commands.json, or build/compile_commands.json,\n"
    "                        in a directory above each file; without one, default flags\n"
    "                        and the client libraries' include directories from pkg-config)\n"
    "  --extra-arg ARG       C: add ARG to every file's compiler arguments, after those of\n"
    "                        its compile_commands.json entry or the defaults (repeatable;\n"
    "                        e.g. --extra-arg=-I/usr/include/glib-2.0 --extra-arg=-DHAVE_X)\n"
    "\n"
    "Configuration:\n"
    "  --config FILE         use FILE for every path instead of each path's nearest\n"
    "                        .txlint.json (at or above its directory, up to the\n"
    "                        repository top)\n"
    "  --no-config           use no configuration file\n"
    "  --print-config        print the effective configuration and its file as JSON\n"
    "                        and exit\n"
    "  Command-line options override the file.\n"
    "\n"
    "Baselines (fail only on new findings):\n"
    "  --write-baseline FILE record the current findings in FILE (findings then do not\n"
    "                        affect the exit status)\n"
    "  --baseline FILE       leave out the findings FILE records (matched by rule, path\n"
    "                        and a fingerprint without line numbers); SARIF results get\n"
    "                        baselineState\n"
    "  --include-baselined   with --baseline: report them too (SARIF: \"unchanged\"),\n"
    "                        without affecting the exit status\n"
    "\n"
    "Exit status:\n"
    "  --fail-on LEVEL       error, warning (default) or note: the lowest finding level\n"
    "                        that makes the exit status 1\n"
    "  --exit-zero           findings never make the exit status 1\n"
    "\n"
    "Information:\n"
    "  --list-rules          list the rules and exit\n"
    "  --explain RULE        print a rule's documentation and exit\n"
    "  --dump-ir FILE        print FILE's intermediate representation and exit\n"
    "  --version             print the version and exit\n"
    "  -h, --help            print this help and exit\n"
    "\n"
    "Suppress one finding with a comment naming the rule, on the line above or at the\n"
    "end of the line:  // txlint-disable-next-line RULE[,RULE] -- reason\n"
    "                  // txlint-disable-line RULE -- reason\n"
    "a block:          // txlint-disable RULE -- reason  ...  // txlint-enable RULE\n"
    "the whole file:   // txlint-disable-file RULE -- reason\n"
    "Suppressions that suppress nothing are reported (unused-suppression, a note).\n"
    "\n"
    "Exit status: 0 no finding at or above the --fail-on level; 1 such findings;\n"
    "2 usage or configuration error (unknown option, missing path, no input files,\n"
    "bad models, a bad configuration or baseline file), an output that could not be\n"
    "written, or a file that could not be analysed completely (unreadable, binary,\n"
    "too large, syntax errors, too deep; the report is still written and lists it);\n"
    "3 internal error. 2 and 3 take precedence over 1. Findings the baseline matches\n"
    "never count.\n";

typedef enum OptId {
  OPT_FORMAT, OPT_OUTPUT, OPT_JOBS, OPT_LIST_RULES, OPT_EXPLAIN, OPT_DUMP_IR, OPT_VERSION, OPT_HELP,
  OPT_COLOR, OPT_FAIL_ON, OPT_EXIT_ZERO, OPT_MODELS, OPT_INCLUDE_SUPPRESSED, OPT_RULE, OPT_DEBUG_RULES,
  OPT_NO_PREFILTER, OPT_CONFIG, OPT_NO_CONFIG, OPT_PRINT_CONFIG, OPT_BASELINE, OPT_WRITE_BASELINE,
  OPT_INCLUDE_BASELINED, OPT_BUILD_PATH, OPT_EXTRA_ARG, OPT_STDIN_FILENAME,
  OPT_NO_CONTEXT,
} OptId;

typedef struct OptSpec {
  const char *long_name;
  char short_name; /* 0 = none */
  bool has_arg;
  OptId id;
} OptSpec;

static const OptSpec opt_specs[] = {
    {"format", 'f', true, OPT_FORMAT},       {"output", 'o', true, OPT_OUTPUT},
    {"jobs", 'j', true, OPT_JOBS},           {"list-rules", 0, false, OPT_LIST_RULES},
    {"explain", 0, true, OPT_EXPLAIN},       {"dump-ir", 0, true, OPT_DUMP_IR},
    {"version", 0, false, OPT_VERSION},      {"help", 'h', false, OPT_HELP},
    {"color", 0, true, OPT_COLOR},           {"colour", 0, true, OPT_COLOR},
    {"fail-on", 0, true, OPT_FAIL_ON},       {"exit-zero", 0, false, OPT_EXIT_ZERO},
    {"models", 0, true, OPT_MODELS},         {"include-suppressed", 0, false, OPT_INCLUDE_SUPPRESSED},
    {"rule", 0, true, OPT_RULE},             {"enable-debug-rules", 0, false, OPT_DEBUG_RULES},
    {"no-prefilter", 0, false, OPT_NO_PREFILTER},
    {"config", 0, true, OPT_CONFIG},         {"no-config", 0, false, OPT_NO_CONFIG},
    {"print-config", 0, false, OPT_PRINT_CONFIG}, {"baseline", 0, true, OPT_BASELINE},
    {"write-baseline", 0, true, OPT_WRITE_BASELINE}, {"include-baselined", 0, false, OPT_INCLUDE_BASELINED},
    {"build-path", 'p', true, OPT_BUILD_PATH}, {"extra-arg", 0, true, OPT_EXTRA_ARG},
    {"no-context", 0, false, OPT_NO_CONTEXT},
    {"stdin-filename", 0, true, OPT_STDIN_FILENAME},
};

static bool parse_jobs(const char *v, int *out) {
  char *end;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > 1024) return false;
  *out = (int)n;
  return true;
}

static bool parse_level(const char *v, FindingLevel *out) {
  if (strcmp(v, "error") == 0) *out = LEVEL_ERROR;
  else if (strcmp(v, "warning") == 0) *out = LEVEL_WARNING;
  else if (strcmp(v, "note") == 0) *out = LEVEL_NOTE;
  else return false;
  return true;
}

static bool parse_color(const char *v, ColorMode *out) {
  if (strcmp(v, "auto") == 0) *out = COLOR_AUTO;
  else if (strcmp(v, "always") == 0) *out = COLOR_ALWAYS;
  else if (strcmp(v, "never") == 0) *out = COLOR_NEVER;
  else return false;
  return true;
}

/* -f FORMAT sets the main report's format; -f FORMAT=FILE adds a report. */
static bool parse_format(CliOptions *self, const char *v) {
  const char *eq = strchr(v, '=');
  if (!eq) return report_format_parse(v, &self->format);
  char name[16];
  size_t n = (size_t)(eq - v);
  if (n >= sizeof name || !eq[1]) return false;
  memcpy(name, v, n);
  name[n] = '\0';
  OutputSpec spec = {FORMAT_TEXT, eq + 1};
  if (!report_format_parse(name, &spec.format)) return false;
  array_push(&self->extra_outputs, spec);
  return true;
}

/* Two reports into one file would overwrite each other. */
static bool check_outputs(const CliOptions *self, char *err, size_t err_len) {
  for (uint32_t i = 0; i < self->extra_outputs.len; i++) {
    const char *p = self->extra_outputs.items[i].path;
    bool clash = self->output && strcmp(self->output, p) == 0;
    for (uint32_t k = 0; k < i && !clash; k++) clash = strcmp(self->extra_outputs.items[k].path, p) == 0;
    if (clash) {
      snprintf(err, err_len, "two reports would be written to %s", p);
      return false;
    }
  }
  return true;
}

/* Applies one option with its value (NULL for flags). */
static bool apply(CliOptions *self, const OptSpec *spec, const char *v, char *err, size_t err_len) {
  bool ok = true;
  switch (spec->id) {
    case OPT_FORMAT: ok = parse_format(self, v); break;
    case OPT_OUTPUT: self->output = v; ok = *v != '\0'; break;
    case OPT_JOBS: ok = parse_jobs(v, &self->jobs); break;
    case OPT_LIST_RULES: self->list_rules = true; break;
    case OPT_EXPLAIN: self->explain = v; break;
    case OPT_DUMP_IR: self->dump_ir = v; break;
    case OPT_VERSION: self->version = true; break;
    case OPT_HELP: self->help = true; break;
    case OPT_COLOR: ok = parse_color(v, &self->color); break;
    case OPT_FAIL_ON: ok = parse_level(v, &self->fail_on), self->fail_on_set = true; break;
    case OPT_EXIT_ZERO: self->exit_zero = true; break;
    case OPT_MODELS: self->models_dir = v; break;
    case OPT_INCLUDE_SUPPRESSED: self->include_suppressed = true; break;
    case OPT_RULE: array_push(&self->rules, v); break;
    case OPT_DEBUG_RULES: self->debug_rules = true; break;
    case OPT_NO_PREFILTER: self->no_prefilter = true; break;
    case OPT_NO_CONTEXT: self->no_context = true; break;
    case OPT_CONFIG: self->config = v; ok = *v != '\0'; break;
    case OPT_NO_CONFIG: self->no_config = true; break;
    case OPT_PRINT_CONFIG: self->print_config = true; break;
    case OPT_BASELINE: self->baseline = v; ok = *v != '\0'; break;
    case OPT_WRITE_BASELINE: self->write_baseline = v; ok = *v != '\0'; break;
    case OPT_INCLUDE_BASELINED: self->include_baselined = true; break;
    case OPT_BUILD_PATH: self->compile_db = v; ok = *v != '\0'; break;
    case OPT_EXTRA_ARG: array_push(&self->extra_args, v); ok = *v != '\0'; break;
    case OPT_STDIN_FILENAME: self->stdin_filename = v; ok = *v != '\0'; break;
  }
  if (!ok) snprintf(err, err_len, "invalid value '%s' for --%s", v, spec->long_name);
  return ok;
}

static const OptSpec *find_long(const char *name, size_t n) {
  for (size_t i = 0; i < sizeof opt_specs / sizeof *opt_specs; i++)
    if (strlen(opt_specs[i].long_name) == n && strncmp(opt_specs[i].long_name, name, n) == 0) return &opt_specs[i];
  return NULL;
}

static const OptSpec *find_short(char c) {
  for (size_t i = 0; i < sizeof opt_specs / sizeof *opt_specs; i++)
    if (opt_specs[i].short_name == c) return &opt_specs[i];
  return NULL;
}

/* Parses argv[*i] (an option); may consume the next argument as its value. */
static bool parse_one(CliOptions *self, int argc, char **argv, int *i, char *err, size_t err_len) {
  const char *arg = argv[*i];
  const OptSpec *spec;
  const char *value = NULL;
  if (arg[1] == '-') {
    const char *eq = strchr(arg + 2, '=');
    spec = find_long(arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
    if (spec && eq) value = eq + 1;
    if (spec && eq && !spec->has_arg) {
      snprintf(err, err_len, "option '--%s' takes no value", spec->long_name);
      return false;
    }
  } else {
    spec = find_short(arg[1]);
    if (spec && arg[2]) {
      if (spec->has_arg) value = arg + 2; /* -j4, -oFILE */
      else spec = NULL;                    /* -hx: not a bundle we accept */
    }
  }
  if (!spec) {
    snprintf(err, err_len, "unknown option '%s'", arg);
    return false;
  }
  if (spec->has_arg && !value) {
    if (*i + 1 >= argc) {
      snprintf(err, err_len, "option '%s' needs a value", arg);
      return false;
    }
    value = argv[++*i];
  }
  return apply(self, spec, value, err, err_len);
}

bool cli_options_parse(CliOptions *self, int argc, char **argv, char *err, size_t err_len) {
  memset(self, 0, sizeof *self);
  self->format = FORMAT_TEXT;
  self->fail_on = LEVEL_WARNING;
  bool options_done = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!options_done && strcmp(arg, "--") == 0) {
      options_done = true;
    } else if (!options_done && arg[0] == '-' && arg[1] != '\0') {
      if (!parse_one(self, argc, argv, &i, err, err_len)) return false;
    } else {
      array_push(&self->paths, arg);
    }
  }
  if (self->rules.len) array_push(&self->rules, NULL);
  if (self->config && self->no_config) {
    snprintf(err, err_len, "--config and --no-config cannot be combined");
    return false;
  }
  if (self->include_baselined && !self->baseline) {
    snprintf(err, err_len, "--include-baselined needs --baseline FILE");
    return false;
  }
  if (self->stdin_filename && self->paths.len) {
    snprintf(err, err_len, "--stdin-filename takes no PATH: it names the one file on standard input");
    return false;
  }
  return check_outputs(self, err, err_len);
}

void cli_options_fini(CliOptions *self) {
  array_free(&self->rules);
  array_free(&self->extra_args);
  array_free(&self->paths);
  array_free(&self->extra_outputs);
}
