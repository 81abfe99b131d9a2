/* settings: the configuration of a run. Each analysed path has its own (the
** nearest .txlint.json, found by the driver's ConfigSet), or every path has
** --config FILE's, or none with --no-config; options on the command line are
** laid over them. --print-config shows the configuration of one path. */
#ifndef TXLINT_CLI_SETTINGS_H
#define TXLINT_CLI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/array.h"
#include "cli/options.h"
#include "driver/configset.h"

typedef struct Settings {
  ConfigSet configs;        /* every path's configuration (driver/configset.h) */
  const Config *config;     /* --print-config: the configuration of its PATH (default: the working
                               directory), borrowed from configs; NULL otherwise */
  FindingLevel fail_on;     /* --print-config: --fail-on, else that file's failOn, else warning */
  bool restrict_rules;      /* --rule given: only_rules applies */
  ARRAY(const char *) only_rules; /* heap, NULL-terminated; strings borrowed from argv */
} Settings;

/* Sets up the configurations for o (self is initialised here; settings_fini
** frees it, also after a failure): --config FILE is read now, and with
** --print-config the configuration of its path is found. Returns false with
** a message in err for an unreadable or invalid file. */
bool settings_load(Settings *self, const CliOptions *o, char *err, size_t err_len);
void settings_fini(Settings *self);
/* Prints the effective configuration of --print-config's path as JSON:
** {"file": PATH-or-null, "models": DIR, "config": {...}}, where config is
** itself a valid .txlint.json listing every rule's effective setting and
** models the API model directory in use. Returns false on a write error. */
bool settings_print(const Settings *self, const CliOptions *o, const char *models_dir, FILE *out);

#endif
