/* go_syms: the tree-sitter-go node types and fields the Go front end asks
** about, as small numbers. The lowering compares a node's cached code
** (TsKindCache) with these constants and reads children through a
** TsFieldCache, instead of comparing type and field names as strings; codes
** are resolved per file from the names below, so the result is exactly what
** comparing names would give. */
#ifndef TXLINT_FRONTEND_GO_GO_SYMS_H
#define TXLINT_FRONTEND_GO_GO_SYMS_H

#include <stdbool.h>
#include <stdint.h>

/* Node type names, sorted by strcmp (go_kind_classify searches them). */
#define GO_KIND_LIST(X) \
  X(GO_K_ARRAY_TYPE, "array_type") \
  X(GO_K_ASSIGNMENT_STATEMENT, "assignment_statement") \
  X(GO_K_BINARY_EXPRESSION, "binary_expression") \
  X(GO_K_BLOCK, "block") \
  X(GO_K_BREAK_STATEMENT, "break_statement") \
  X(GO_K_CALL_EXPRESSION, "call_expression") \
  X(GO_K_CHANNEL_TYPE, "channel_type") \
  X(GO_K_COMMENT, "comment") \
  X(GO_K_COMMUNICATION_CASE, "communication_case") \
  X(GO_K_COMPOSITE_LITERAL, "composite_literal") \
  X(GO_K_CONST_DECLARATION, "const_declaration") \
  X(GO_K_CONST_SPEC, "const_spec") \
  X(GO_K_CONTINUE_STATEMENT, "continue_statement") \
  X(GO_K_DEC_STATEMENT, "dec_statement") \
  X(GO_K_DEFAULT_CASE, "default_case") \
  X(GO_K_DEFER_STATEMENT, "defer_statement") \
  X(GO_K_EMPTY_STATEMENT, "empty_statement") \
  X(GO_K_EXPRESSION_CASE, "expression_case") \
  X(GO_K_EXPRESSION_LIST, "expression_list") \
  X(GO_K_EXPRESSION_STATEMENT, "expression_statement") \
  X(GO_K_EXPRESSION_SWITCH_STATEMENT, "expression_switch_statement") \
  X(GO_K_FALLTHROUGH_STATEMENT, "fallthrough_statement") \
  X(GO_K_FALSE, "false") \
  X(GO_K_FIELD_DECLARATION, "field_declaration") \
  X(GO_K_FIELD_DECLARATION_LIST, "field_declaration_list") \
  X(GO_K_FIELD_IDENTIFIER, "field_identifier") \
  X(GO_K_FLOAT_LITERAL, "float_literal") \
  X(GO_K_FOR_CLAUSE, "for_clause") \
  X(GO_K_FOR_STATEMENT, "for_statement") \
  X(GO_K_FUNC_LITERAL, "func_literal") \
  X(GO_K_FUNCTION_DECLARATION, "function_declaration") \
  X(GO_K_FUNCTION_TYPE, "function_type") \
  X(GO_K_GENERIC_TYPE, "generic_type") \
  X(GO_K_GO_STATEMENT, "go_statement") \
  X(GO_K_GOTO_STATEMENT, "goto_statement") \
  X(GO_K_IDENTIFIER, "identifier") \
  X(GO_K_IF_STATEMENT, "if_statement") \
  X(GO_K_IMAGINARY_LITERAL, "imaginary_literal") \
  X(GO_K_IMPLICIT_LENGTH_ARRAY_TYPE, "implicit_length_array_type") \
  X(GO_K_IMPORT_DECLARATION, "import_declaration") \
  X(GO_K_IMPORT_SPEC, "import_spec") \
  X(GO_K_IMPORT_SPEC_LIST, "import_spec_list") \
  X(GO_K_INC_STATEMENT, "inc_statement") \
  X(GO_K_INDEX_EXPRESSION, "index_expression") \
  X(GO_K_INT_LITERAL, "int_literal") \
  X(GO_K_INTERFACE_TYPE, "interface_type") \
  X(GO_K_INTERPRETED_STRING_LITERAL, "interpreted_string_literal") \
  X(GO_K_IOTA, "iota") \
  X(GO_K_KEYED_ELEMENT, "keyed_element") \
  X(GO_K_LABEL_NAME, "label_name") \
  X(GO_K_LABELED_STATEMENT, "labeled_statement") \
  X(GO_K_LITERAL_ELEMENT, "literal_element") \
  X(GO_K_LITERAL_VALUE, "literal_value") \
  X(GO_K_MAP_TYPE, "map_type") \
  X(GO_K_METHOD_DECLARATION, "method_declaration") \
  X(GO_K_METHOD_ELEM, "method_elem") \
  X(GO_K_NIL, "nil") \
  X(GO_K_PACKAGE_CLAUSE, "package_clause") \
  X(GO_K_PARAMETER_DECLARATION, "parameter_declaration") \
  X(GO_K_PARAMETER_LIST, "parameter_list") \
  X(GO_K_PARENTHESIZED_EXPRESSION, "parenthesized_expression") \
  X(GO_K_PARENTHESIZED_TYPE, "parenthesized_type") \
  X(GO_K_POINTER_TYPE, "pointer_type") \
  X(GO_K_QUALIFIED_TYPE, "qualified_type") \
  X(GO_K_RANGE_CLAUSE, "range_clause") \
  X(GO_K_RAW_STRING_LITERAL, "raw_string_literal") \
  X(GO_K_RECEIVE_STATEMENT, "receive_statement") \
  X(GO_K_RETURN_STATEMENT, "return_statement") \
  X(GO_K_RUNE_LITERAL, "rune_literal") \
  X(GO_K_SELECT_STATEMENT, "select_statement") \
  X(GO_K_SELECTOR_EXPRESSION, "selector_expression") \
  X(GO_K_SEND_STATEMENT, "send_statement") \
  X(GO_K_SHORT_VAR_DECLARATION, "short_var_declaration") \
  X(GO_K_SLICE_EXPRESSION, "slice_expression") \
  X(GO_K_SLICE_TYPE, "slice_type") \
  X(GO_K_STATEMENT_LIST, "statement_list") \
  X(GO_K_STRUCT_TYPE, "struct_type") \
  X(GO_K_TRUE, "true") \
  X(GO_K_TYPE_ALIAS, "type_alias") \
  X(GO_K_TYPE_ASSERTION_EXPRESSION, "type_assertion_expression") \
  X(GO_K_TYPE_CASE, "type_case") \
  X(GO_K_TYPE_CONVERSION_EXPRESSION, "type_conversion_expression") \
  X(GO_K_TYPE_DECLARATION, "type_declaration") \
  X(GO_K_TYPE_ELEM, "type_elem") \
  X(GO_K_TYPE_IDENTIFIER, "type_identifier") \
  X(GO_K_TYPE_INSTANTIATION_EXPRESSION, "type_instantiation_expression") \
  X(GO_K_TYPE_SPEC, "type_spec") \
  X(GO_K_TYPE_SWITCH_STATEMENT, "type_switch_statement") \
  X(GO_K_UNARY_EXPRESSION, "unary_expression") \
  X(GO_K_VAR_DECLARATION, "var_declaration") \
  X(GO_K_VAR_SPEC, "var_spec") \
  X(GO_K_VAR_SPEC_LIST, "var_spec_list") \
  X(GO_K_VARIADIC_ARGUMENT, "variadic_argument") \
  X(GO_K_VARIADIC_PARAMETER_DECLARATION, "variadic_parameter_declaration")

/* Field names, in any order. */
#define GO_FIELD_LIST(X) \
  X(GO_F_ALIAS, "alias") \
  X(GO_F_ALTERNATIVE, "alternative") \
  X(GO_F_ARGUMENTS, "arguments") \
  X(GO_F_BODY, "body") \
  X(GO_F_CAPACITY, "capacity") \
  X(GO_F_CHANNEL, "channel") \
  X(GO_F_COMMUNICATION, "communication") \
  X(GO_F_CONDITION, "condition") \
  X(GO_F_CONSEQUENCE, "consequence") \
  X(GO_F_END, "end") \
  X(GO_F_FIELD, "field") \
  X(GO_F_FUNCTION, "function") \
  X(GO_F_INDEX, "index") \
  X(GO_F_INITIALIZER, "initializer") \
  X(GO_F_KEY, "key") \
  X(GO_F_LABEL, "label") \
  X(GO_F_LEFT, "left") \
  X(GO_F_NAME, "name") \
  X(GO_F_OPERAND, "operand") \
  X(GO_F_OPERATOR, "operator") \
  X(GO_F_PACKAGE, "package") \
  X(GO_F_PARAMETERS, "parameters") \
  X(GO_F_PATH, "path") \
  X(GO_F_RECEIVER, "receiver") \
  X(GO_F_RESULT, "result") \
  X(GO_F_RIGHT, "right") \
  X(GO_F_START, "start") \
  X(GO_F_TYPE, "type") \
  X(GO_F_UPDATE, "update") \
  X(GO_F_VALUE, "value")

#define GO_SYMS_ENUM(sym, name) sym,
typedef enum GoKind { GO_K_OTHER = 0, GO_KIND_LIST(GO_SYMS_ENUM) GO_K_COUNT } GoKind;
typedef enum GoField { GO_FIELD_LIST(GO_SYMS_ENUM) GO_F_COUNT } GoField;
#undef GO_SYMS_ENUM

/* A classified symbol: the GoKind in the low byte, GO_KF_* flags above it. */
enum {
  GO_KIND_MASK = 0xff,
  GO_KF_TYPE_NODE = 1 << 8,   /* a type written where a value could be (make([]T), generic calls) */
  GO_KF_NIL_TYPE = 1 << 9,    /* a type whose zero value is nil (pointer, slice, map, chan, func, interface) */
  GO_KF_TYPE_SYNTAX = 1 << 10, /* the type name contains "type", except the three expression and
                                  statement kinds that do (type assertion, conversion, type switch):
                                  type syntax, which mentions no variables */
  GO_KF_STRING = 1 << 11,     /* interpreted or raw string literal */
};

/* The code of a node type name for TsKindCache: its GoKind (GO_K_OTHER when
** not listed) with its flags. */
uint16_t go_kind_classify(const char *type_name);
/* GO_F_COUNT field names indexed by GoField (a static table). */
const char *const *go_field_names(void);
/* True when the kind names are sorted as go_kind_classify needs (checked in
** debug builds). */
bool go_syms_sorted(void);

#endif
