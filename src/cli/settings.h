/* settings: the effective configuration of a run, the .txlint.json file
** (found upwards from the working directory, or --config, or none with
** --no-config) with the command line's options laid over it. */
#ifndef TXLINT_CLI_SETTINGS_H
#define TXLINT_CLI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/array.h"
#include "cli/options.h"
#include "driver/config.h"

typedef struct Settings {
  Config config;            /* the file's contents (empty when there is no file) */
  FindingLevel fail_on;     /* --fail-on, else the file's failOn, else warning */
  bool restrict_rules;      /* only_rules applies (--rule given, or the file turns rules off) */
  ARRAY(const char *) only_rules; /* heap, NULL-terminated; strings static or borrowed from argv */
} Settings;

/* Finds and reads the configuration and merges o into it (self is
** initialised here; settings_fini frees it, also after a failure). Returns
** false with a message in err for an unreadable or invalid file. */
bool settings_load(Settings *self, const CliOptions *o, char *err, size_t err_len);
void settings_fini(Settings *self);
/* Prints the effective configuration as JSON: {"file": PATH-or-null,
** "config": {...}}, where config is itself a valid .txlint.json listing every
** rule's effective setting. Returns false on a write error. */
bool settings_print(const Settings *self, const CliOptions *o, FILE *out);

#endif
