#include "driver/skips.h"

#include <string.h>

void skips_count(SkipTally *self, SkipKind kind, const char *path) {
  self->n[kind]++;
  if (!self->first[kind] || strcmp(path, self->first[kind]) < 0) self->first[kind] = path;
}

void skips_merge(SkipTally *self, const SkipTally *other) {
  for (int k = 0; k < SKIP_KIND_COUNT; k++)
    if (other->n[k]) {
      uint32_t n = other->n[k];
      skips_count(self, (SkipKind)k, other->first[k]);
      self->n[k] += n - 1;
    }
}

const char *skips_message(const SkipTally *self, SkipKind kind, Arena *arena) {
  uint32_t n = self->n[kind];
  if (!n) return NULL;
  const char *first = self->first[kind], *s = n == 1 ? "" : "s";
  const char *more = n == 1 ? "" : ", …";
  switch (kind) {
    case SKIP_GITIGNORE:
      return arena_printf(arena, "%u path%s ignored by .gitignore (%s%s): not analysed; name a file on the command "
                          "line, or list it under \"include\" in .txlint.json, to analyse it", n, s, first, more);
    case SKIP_CONFIG_IGNORE:
      return arena_printf(arena, "%u path%s ignored by \"ignore\" in .txlint.json (%s%s): not analysed", n, s, first,
                          more);
    case SKIP_DEFAULT_DIR:
      return arena_printf(arena, "%u director%s skipped by default (%s%s): node_modules, vendor and testdata are not "
                          "searched unless \"include\" in .txlint.json names them", n, n == 1 ? "y" : "ies", first,
                          more);
    case SKIP_SYMLINK_OUT:
      return arena_printf(arena, "%u symbolic link%s leading out of the scanned directory (%s%s): not followed; "
                          "name the target on the command line to analyse it", n, s, first, more);
    case SKIP_GENERATED:
      return arena_printf(arena, "%u generated file%s (%s%s: a `Code generated … DO NOT EDIT.` or `@generated` "
                          "header): not reported, analysed only where other code needs their declarations; list "
                          "them under \"include\" in .txlint.json to report them", n, s, first, more);
    case SKIP_MINIFIED:
      return arena_printf(arena, "%u minified or bundled JavaScript file%s (%s%s): not analysed; list them under "
                          "\"include\" in .txlint.json to analyse them", n, s, first, more);
    case SKIP_KIND_COUNT: break;
  }
  return NULL;
}
