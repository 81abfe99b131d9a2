/* go_syms: classification of tree-sitter-go node type names into GoKind
** codes and flags. */
#include "frontend/go/go_syms.h"
#include "frontend/ts_util.h"

#include <string.h>

#define GO_SYMS_NAME(sym, name) name,
static const char *const kind_names[] = {GO_KIND_LIST(GO_SYMS_NAME)};
static const char *const field_names[] = {GO_FIELD_LIST(GO_SYMS_NAME)};
#undef GO_SYMS_NAME
#define N_KIND_NAMES (sizeof kind_names / sizeof kind_names[0])

_Static_assert((int)GO_K_COUNT <= (int)GO_KIND_MASK, "GoKind must fit the low byte of a kind code");

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
  uint16_t k = ts_name_rank(kind_names, N_KIND_NAMES, type_name); /* GO_K_OTHER (0) when absent */
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

bool go_syms_sorted(void) { return ts_names_sorted(kind_names, N_KIND_NAMES); }
