/* js_syms: classification of node type names into JsKind codes and flags. */
#include "frontend/js/js_syms.h"
#include "frontend/ts_util.h"

#include <stdbool.h>
#include <string.h>

#define JS_SYMS_NAME(sym, name) name,
static const char *const kind_names[] = {JS_KIND_LIST(JS_SYMS_NAME)};
static const char *const field_names[] = {JS_FIELD_LIST(JS_SYMS_NAME)};
#undef JS_SYMS_NAME
#define N_KIND_NAMES (sizeof kind_names / sizeof kind_names[0])

_Static_assert((int)JS_K_COUNT <= (int)JS_KIND_MASK, "JsKind must fit the low byte of a kind code");

/* The function-like node types of js_is_function_node. */
static bool is_function_kind(uint16_t k) {
  return k == JS_K_FUNCTION_EXPRESSION || k == JS_K_FUNCTION || k == JS_K_ARROW_FUNCTION ||
         k == JS_K_GENERATOR_FUNCTION || k == JS_K_FUNCTION_DECLARATION ||
         k == JS_K_GENERATOR_FUNCTION_DECLARATION || k == JS_K_METHOD_DEFINITION;
}

uint16_t js_kind_classify(const char *type_name) {
  uint16_t k = ts_name_rank(kind_names, N_KIND_NAMES, type_name); /* JS_K_OTHER (0) when absent */
  if (is_function_kind(k)) k |= JS_KF_FUNCTION;
  if (strstr(type_name, "type")) k |= JS_KF_TYPEISH;
  return k;
}

const char *const *js_field_names(void) { return field_names; }

bool js_syms_sorted(void) { return ts_names_sorted(kind_names, N_KIND_NAMES); }
