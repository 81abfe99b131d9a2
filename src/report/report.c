#include "report/report.h"

#include <inttypes.h>
#include <string.h>

Reporter *report_new(ReportFormat fmt, FILE *out, const ReportConfig *cfg) {
  switch (fmt) {
    case FORMAT_TEXT: return report_text_new(out, cfg, false);
    case FORMAT_GCC: return report_text_new(out, cfg, true);
    case FORMAT_JSON: return report_json_new(out, cfg);
    case FORMAT_SARIF: return report_sarif_new(out, cfg);
    case FORMAT_GITHUB: return report_github_new(out, cfg);
  }
  return report_text_new(out, cfg, false);
}

void report_delete(Reporter *self) {
  if (self) self->vt->destroy(self);
}

bool report_format_parse(const char *name, ReportFormat *out) {
  static const struct { const char *name; ReportFormat fmt; } formats[] = {
      {"text", FORMAT_TEXT}, {"gcc", FORMAT_GCC}, {"json", FORMAT_JSON}, {"sarif", FORMAT_SARIF},
      {"github", FORMAT_GITHUB}};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
    if (strcmp(name, formats[i].name) == 0) {
      *out = formats[i].fmt;
      return true;
    }
  }
  return false;
}

const char *report_level_name(FindingLevel level) {
  switch (level) {
    case LEVEL_ERROR: return "error";
    case LEVEL_WARNING: return "warning";
    case LEVEL_NOTE: return "note";
  }
  return "warning";
}

/* One row per NoteKind: level, SARIF name, summary, description, help. */
static const NoteInfo note_infos[NOTE_KIND_COUNT] = {
    [NOTE_PARSE_ERROR] = {LEVEL_ERROR, "ParseError", "The file has syntax errors.",
                          "The file has syntax errors; functions without one were analysed, the functions that "
                          "contain one (and the top-level code) were not, so results for this file may be missing.",
                          "Fix the syntax error, or check that the file's extension matches its language."},
    [NOTE_UNREADABLE] = {LEVEL_ERROR, "UnreadableFile", "The file could not be read.",
                         "The file could not be opened or read (permissions, an I/O error, a dangling symbolic "
                         "link, a symbolic link loop or not a regular file), so it was not analysed.",
                         "Make the file readable by the user running txlint, or exclude it in .gitignore."},
    [NOTE_SKIPPED_BINARY] = {LEVEL_ERROR, "BinaryFile", "The file looks binary and was not analysed.",
                             "The file has a source extension but contains NUL bytes, so it was treated as "
                             "binary and not analysed.",
                             "Rename or exclude the file if it is not source code."},
    [NOTE_TOO_LARGE] = {LEVEL_ERROR, "FileTooLarge", "The file is larger than the size limit and was not analysed.",
                        "Files above the size limit (5 MB) are usually generated or bundled code; the file was not "
                        "analysed.",
                        "Exclude generated and bundled files in .gitignore, or split the file."},
    [NOTE_TOO_DEEP] = {LEVEL_ERROR, "NestingTooDeep", "The file nests deeper than txlint follows.",
                       "An expression or statement nests deeper than the recursion guard; the deep part was treated "
                       "as opaque, so results inside it may be missing.",
                       "Simplify the deeply nested construct if it is hand-written; generated code can be excluded."},
    [NOTE_INVALID_UTF8] = {LEVEL_WARNING, "InvalidUtf8", "The file is not valid UTF-8.",
                           "The file contains bytes that are not valid UTF-8; it was analysed, but columns on "
                           "affected lines may be approximate.",
                           "Save the file as UTF-8."},
    [NOTE_UNSUPPORTED] = {LEVEL_NOTE, "UnsupportedConstruct", "A construct was analysed as opaque.",
                          "The front end does not model this construct; values flowing through it are treated "
                          "conservatively (as escaping), which can hide findings but not create them.",
                          "No action needed; report the construct if results look incomplete."},
    [NOTE_INTERNAL] = {LEVEL_ERROR, "InternalError", "The analysis of the file gave up.",
                       "An internal limit or error stopped the analysis of this file; this is a bug in txlint, and "
                       "results for the file are incomplete.",
                       "Please report it with the file (or a reduced version)."},
    [NOTE_GRAMMAR_GAP] = {LEVEL_NOTE, "GrammarGap", "Valid code was parsed with a workaround for a known grammar gap.",
                          "The bundled tree-sitter grammar rejects this valid construct (for example `using` as an "
                          "identifier); txlint parsed the file with the construct's tokens replaced by others of the "
                          "same length and role, so the file was analysed completely and locations are exact.",
                          "No action needed."},
    [NOTE_MISSING_HEADER] = {LEVEL_ERROR, "MissingHeader", "A C header the file includes was not found.",
                             "An #include could not be resolved with the file's compile flags; functions whose "
                             "code has errors because of it were not analysed, so results for them are missing.",
                             "Run txlint with the project's compile_commands.json (-p DIR, or one in a parent "
                             "directory), or install the library's development headers."},
    [NOTE_COMPILE_FLAGS] = {LEVEL_NOTE, "CompileFlags", "Compile flags the C parser does not know were ignored.",
                            "The file's compile command has flags libclang does not accept (often GCC-only "
                            "options); they were ignored and the file was parsed without them.",
                            "No action needed unless the flags change which code is compiled."},
    [NOTE_DEFAULT_FLAGS] = {LEVEL_NOTE, "DefaultCompileFlags",
                            "C files were parsed with default flags: no compile_commands.json lists them.",
                            "No compilation database entry was found for these C files (the nearest "
                            "compile_commands.json upward of each file, or the one given with -p); they were "
                            "parsed with default flags and the include directories of the installed client "
                            "libraries (pkg-config), so project include paths and macros may be missing.",
                            "Generate compile_commands.json (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; make: "
                            "bear -- make) and run txlint with -p BUILD_DIR or from the source tree."},
    [NOTE_UNMODELLED_LIBRARY] = {LEVEL_NOTE, "UnmodelledLibrary",
                                 "The code uses a database library txlint has no model for.",
                                 "A file imports a database client or ORM that none of txlint's API models describes "
                                 "(the list of such libraries is data: database-libraries.json in rules/js and rules/go), so its "
                                 "connections and transactions are not checked: no finding about them is not a clean "
                                 "bill of health. Reported once per library and run, at the first file that imports it.",
                                 "Describe the library (or the project's wrapper of it) in a model file and list it "
                                 "under \"models\" in .txlint.json (docs/models.md)."},
    [NOTE_SKIPPED] = {LEVEL_NOTE, "SkippedFiles", "Some paths were left out of the analysis.",
                      "One kind of path was left out, counted in one note per run: paths .gitignore or the "
                      "configuration's \"ignore\" names, directories skipped by default (node_modules, vendor, "
                      "testdata), symbolic links leading out of the scanned directory, generated files (not "
                      "reported, analysed only as context) and minified or bundled JavaScript (not analysed).",
                      "List the paths under \"include\" in .txlint.json to analyse them, or name a file on the "
                      "command line."},
    [NOTE_UNDECLARED_FUNCTION] = {LEVEL_NOTE, "UndeclaredFunction",
                                  "C functions were called with no declaration in scope.",
                                  "The parse saw calls to functions that no header it read declares (C89's "
                                  "implicit declaration): the build's own headers or configure defines were "
                                  "not all seen. The calling functions were analysed, each such call as a call "
                                  "to an unknown function (a database API function is still known by its "
                                  "name). Counted in one note per run.",
                                  "Run txlint with the project's compile_commands.json (-p DIR) so that the "
                                  "declarations are seen."},
};

const NoteInfo *note_kind_info(NoteKind kind) {
  static const NoteInfo unknown = {LEVEL_ERROR, "Unknown", "", "", ""};
  return kind < NOTE_KIND_COUNT ? &note_infos[kind] : &unknown;
}

FindingLevel note_kind_level(NoteKind kind) { return note_kind_info(kind)->level; }

static uint64_t fnv1a(uint64_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) h = (h ^ *p) * 0x100000001b3ull;
  return (h ^ 0xFFu) * 0x100000001b3ull; /* a separator no string contains */
}

void report_fingerprint(const Finding *f, char buf[17]) {
  uint64_t h = 0xcbf29ce484222325ull;
  h = fnv1a(h, f->rule_id);
  h = fnv1a(h, f->path);
  h = fnv1a(h, f->function);
  h = fnv1a(h, f->subject ? f->subject : f->message);
  snprintf(buf, 17, "%016" PRIx64, h);
}

/* Where the documentation lives: the build's TXLINT_HOME_URL (CMake cache
** variable; docs/sarif.md#toolDriver), a base whose README.md and
** docs/rules/<id>.md are the project's pages. */
#ifndef TXLINT_HOME_URL
#define TXLINT_HOME_URL "https://txlint.invalid/"
#endif

const char *report_information_uri(void) { return TXLINT_HOME_URL "README.md"; }

void report_rule_help_uri(StrBuf *out, const char *rule_id) {
  strbuf_puts(out, TXLINT_HOME_URL "docs/rules/");
  report_uri_encode(out, rule_id);
  strbuf_puts(out, ".md");
}

const char *report_step_kind_name(StepKind kind) {
  switch (kind) {
    case STEP_ACQUIRE: return "acquire";
    case STEP_RELEASE: return "release";
    case STEP_BRANCH_TRUE: return "branch-true";
    case STEP_BRANCH_FALSE: return "branch-false";
    case STEP_CALL: return "call";
    case STEP_THROW: return "throw";
    case STEP_EXIT: return "exit";
    case STEP_NOTE: return "note";
  }
  return "note";
}
