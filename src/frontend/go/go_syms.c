/* go_syms: classification of tree-sitter-go node type names into GoKind
** codes and flags. */
#include "frontend/go/go_syms.h"

#include <stdlib.h>
#include <string.h>

#define GO_SYMS_NAME(sym, name) name,
static const char *const kind_names[] = {GO_KIND_LIST(GO_SYMS_NAME)};
static const char *const field_names[] = {GO_FIELD_LIST(GO_SYMS_NAME)};
#undef GO_SYMS_NAME

_Static_assert((int)GO_K_COUNT <= (int)GO_KIND_MASK, "GoKind must fit the low byte of a kind code");

static int name_cmp(const void *key, const void *elem) {
  return strcmp((const char *)key, *(const char *const *)elem);
}

/* The kinds that go_lower_expr treats as types rather than values. */
static bool is_type_node_kind(uint16_t k) {
  return k == GO_K_SLICE_TYPE || k == GO_K_MAP_TYPE || k == GO_K_CHANNEL_TYPE || k == GO_K_POINTER_TYPE ||
         k == GO_K_ARRAY_TYPE || k == GO_K_STRUCT_TYPE || k == GO_K_INTERFACE_TYPE || k == GO_K_FUNCTION_TYPE ||
         k == GO_K_TYPE_IDENTIFIER || k == GO_K_QUALIFIED_TYPE || k == GO_K_GENERIC_TYPE ||
         k == GO_K_IMPLICIT_LENGTH_ARRAY_TYPE;
}

static bool is_nil_type_kind(uint16_t k) {
  return k == GO_K_POINTER_TYPE || k == GO_K_SLICE_TYPE || k == GO_K_MAP_TYPE || k == GO_K_CHANNEL_TYPE ||
         k == GO_K_FUNCTION_TYPE || k == GO_K_INTERFACE_TYPE;
}

uint16_t go_kind_classify(const char *type_name) {
  const char *const *hit =
      bsearch(type_name, kind_names, sizeof kind_names / sizeof kind_names[0], sizeof kind_names[0], name_cmp);
  uint16_t k = hit ? (uint16_t)(hit - kind_names + 1) : GO_K_OTHER;
  uint16_t code = k;
  if (is_type_node_kind(k)) code |= GO_KF_TYPE_NODE;
  if (is_nil_type_kind(k)) code |= GO_KF_NIL_TYPE;
  if (k == GO_K_INTERPRETED_STRING_LITERAL || k == GO_K_RAW_STRING_LITERAL) code |= GO_KF_STRING;
  if (strstr(type_name, "type") && k != GO_K_TYPE_ASSERTION_EXPRESSION && k != GO_K_TYPE_CONVERSION_EXPRESSION &&
      k != GO_K_TYPE_SWITCH_STATEMENT)
    code |= GO_KF_TYPE_SYNTAX;
  return code;
}

const char *const *go_field_names(void) { return field_names; }

bool go_syms_sorted(void) {
  for (size_t i = 1; i < sizeof kind_names / sizeof kind_names[0]; i++)
    if (strcmp(kind_names[i - 1], kind_names[i]) >= 0) return false;
  return true;
}
