/* js_syms: the tree-sitter node types and fields the JavaScript/TypeScript
** front end asks about, as small numbers. The lowering compares a node's
** cached code (TsKindCache) with these constants and reads children through a
** TsFieldCache, instead of comparing type and field names as strings. The
** JavaScript, TypeScript and TSX grammars number their symbols differently,
** so codes are resolved per file from the names below. */
#ifndef TXLINT_FRONTEND_JS_JS_SYMS_H
#define TXLINT_FRONTEND_JS_JS_SYMS_H

#include <stdbool.h>
#include <stdint.h>

/* Node type names, sorted by strcmp (js_kind_classify searches them). */
#define JS_KIND_LIST(X) \
  X(JS_K_ABSTRACT_CLASS_DECLARATION, "abstract_class_declaration") \
  X(JS_K_ACCESSIBILITY_MODIFIER, "accessibility_modifier") \
  X(JS_K_AMBIENT_DECLARATION, "ambient_declaration") \
  X(JS_K_ARGUMENTS, "arguments") \
  X(JS_K_ARRAY, "array") \
  X(JS_K_ARRAY_PATTERN, "array_pattern") \
  X(JS_K_ARROW_FUNCTION, "arrow_function") \
  X(JS_K_AS_EXPRESSION, "as_expression") \
  X(JS_K_ASSIGNMENT_EXPRESSION, "assignment_expression") \
  X(JS_K_ASSIGNMENT_PATTERN, "assignment_pattern") \
  X(JS_K_AUGMENTED_ASSIGNMENT_EXPRESSION, "augmented_assignment_expression") \
  X(JS_K_AWAIT_EXPRESSION, "await_expression") \
  X(JS_K_BINARY_EXPRESSION, "binary_expression") \
  X(JS_K_BREAK_STATEMENT, "break_statement") \
  X(JS_K_CALL_EXPRESSION, "call_expression") \
  X(JS_K_CATCH_CLAUSE, "catch_clause") \
  X(JS_K_CLASS, "class") \
  X(JS_K_CLASS_DECLARATION, "class_declaration") \
  X(JS_K_CLASS_STATIC_BLOCK, "class_static_block") \
  X(JS_K_COMMENT, "comment") \
  X(JS_K_COMPUTED_PROPERTY_NAME, "computed_property_name") \
  X(JS_K_CONTINUE_STATEMENT, "continue_statement") \
  X(JS_K_DEBUGGER_STATEMENT, "debugger_statement") \
  X(JS_K_DO_STATEMENT, "do_statement") \
  X(JS_K_ELSE_CLAUSE, "else_clause") \
  X(JS_K_EMPTY_STATEMENT, "empty_statement") \
  X(JS_K_ENUM_DECLARATION, "enum_declaration") \
  X(JS_K_ESCAPE_SEQUENCE, "escape_sequence") \
  X(JS_K_EXPORT_CLAUSE, "export_clause") \
  X(JS_K_EXPORT_SPECIFIER, "export_specifier") \
  X(JS_K_EXPORT_STATEMENT, "export_statement") \
  X(JS_K_EXPRESSION_STATEMENT, "expression_statement") \
  X(JS_K_FALSE, "false") \
  X(JS_K_FIELD_DEFINITION, "field_definition") \
  X(JS_K_FOR_IN_STATEMENT, "for_in_statement") \
  X(JS_K_FOR_STATEMENT, "for_statement") \
  X(JS_K_FUNCTION, "function") \
  X(JS_K_FUNCTION_DECLARATION, "function_declaration") \
  X(JS_K_FUNCTION_EXPRESSION, "function_expression") \
  X(JS_K_FUNCTION_SIGNATURE, "function_signature") \
  X(JS_K_GENERATOR_FUNCTION, "generator_function") \
  X(JS_K_GENERATOR_FUNCTION_DECLARATION, "generator_function_declaration") \
  X(JS_K_HASH_BANG_LINE, "hash_bang_line") \
  X(JS_K_HTML_COMMENT, "html_comment") \
  X(JS_K_IDENTIFIER, "identifier") \
  X(JS_K_IF_STATEMENT, "if_statement") \
  X(JS_K_IMPORT, "import") \
  X(JS_K_IMPORT_ALIAS, "import_alias") \
  X(JS_K_IMPORT_CLAUSE, "import_clause") \
  X(JS_K_IMPORT_REQUIRE_CLAUSE, "import_require_clause") \
  X(JS_K_IMPORT_SPECIFIER, "import_specifier") \
  X(JS_K_IMPORT_STATEMENT, "import_statement") \
  X(JS_K_INTERFACE_DECLARATION, "interface_declaration") \
  X(JS_K_INTERNAL_MODULE, "internal_module") \
  X(JS_K_JSX_TEXT, "jsx_text") \
  X(JS_K_LABELED_STATEMENT, "labeled_statement") \
  X(JS_K_LEXICAL_DECLARATION, "lexical_declaration") \
  X(JS_K_MEMBER_EXPRESSION, "member_expression") \
  X(JS_K_METHOD_DEFINITION, "method_definition") \
  X(JS_K_MODULE, "module") \
  X(JS_K_NAMED_IMPORTS, "named_imports") \
  X(JS_K_NAMESPACE_EXPORT, "namespace_export") \
  X(JS_K_NAMESPACE_IMPORT, "namespace_import") \
  X(JS_K_NEW_EXPRESSION, "new_expression") \
  X(JS_K_NON_NULL_EXPRESSION, "non_null_expression") \
  X(JS_K_NULL, "null") \
  X(JS_K_NUMBER, "number") \
  X(JS_K_OBJECT, "object") \
  X(JS_K_OBJECT_ASSIGNMENT_PATTERN, "object_assignment_pattern") \
  X(JS_K_OBJECT_PATTERN, "object_pattern") \
  X(JS_K_OPTIONAL_PARAMETER, "optional_parameter") \
  X(JS_K_OVERRIDE_MODIFIER, "override_modifier") \
  X(JS_K_PAIR, "pair") \
  X(JS_K_PAIR_PATTERN, "pair_pattern") \
  X(JS_K_PARENTHESIZED_EXPRESSION, "parenthesized_expression") \
  X(JS_K_PROPERTY_IDENTIFIER, "property_identifier") \
  X(JS_K_PUBLIC_FIELD_DEFINITION, "public_field_definition") \
  X(JS_K_READONLY, "readonly") \
  X(JS_K_REGEX, "regex") \
  X(JS_K_REQUIRED_PARAMETER, "required_parameter") \
  X(JS_K_REST_PATTERN, "rest_pattern") \
  X(JS_K_RETURN_STATEMENT, "return_statement") \
  X(JS_K_SATISFIES_EXPRESSION, "satisfies_expression") \
  X(JS_K_SEQUENCE_EXPRESSION, "sequence_expression") \
  X(JS_K_SHORTHAND_PROPERTY_IDENTIFIER, "shorthand_property_identifier") \
  X(JS_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN, "shorthand_property_identifier_pattern") \
  X(JS_K_SPREAD_ELEMENT, "spread_element") \
  X(JS_K_STATEMENT_BLOCK, "statement_block") \
  X(JS_K_STATEMENT_IDENTIFIER, "statement_identifier") \
  X(JS_K_STRING, "string") \
  X(JS_K_STRING_FRAGMENT, "string_fragment") \
  X(JS_K_SUBSCRIPT_EXPRESSION, "subscript_expression") \
  X(JS_K_SUPER, "super") \
  X(JS_K_SWITCH_CASE, "switch_case") \
  X(JS_K_SWITCH_DEFAULT, "switch_default") \
  X(JS_K_SWITCH_STATEMENT, "switch_statement") \
  X(JS_K_TEMPLATE_STRING, "template_string") \
  X(JS_K_TEMPLATE_SUBSTITUTION, "template_substitution") \
  X(JS_K_TERNARY_EXPRESSION, "ternary_expression") \
  X(JS_K_THIS, "this") \
  X(JS_K_THROW_STATEMENT, "throw_statement") \
  X(JS_K_TRUE, "true") \
  X(JS_K_TRY_STATEMENT, "try_statement") \
  X(JS_K_TYPE_ALIAS_DECLARATION, "type_alias_declaration") \
  X(JS_K_TYPE_ASSERTION, "type_assertion") \
  X(JS_K_TYPE_IDENTIFIER, "type_identifier") \
  X(JS_K_UNARY_EXPRESSION, "unary_expression") \
  X(JS_K_UNDEFINED, "undefined") \
  X(JS_K_UPDATE_EXPRESSION, "update_expression") \
  X(JS_K_USING_DECLARATION, "using_declaration") \
  X(JS_K_VARIABLE_DECLARATION, "variable_declaration") \
  X(JS_K_VARIABLE_DECLARATOR, "variable_declarator") \
  X(JS_K_WHILE_STATEMENT, "while_statement") \
  X(JS_K_YIELD_EXPRESSION, "yield_expression")

/* Field names, in any order. */
#define JS_FIELD_LIST(X) \
  X(JS_F_ALIAS, "alias") \
  X(JS_F_ALTERNATIVE, "alternative") \
  X(JS_F_ARGUMENT, "argument") \
  X(JS_F_ARGUMENTS, "arguments") \
  X(JS_F_BODY, "body") \
  X(JS_F_CONDITION, "condition") \
  X(JS_F_CONSEQUENCE, "consequence") \
  X(JS_F_DECLARATION, "declaration") \
  X(JS_F_FINALIZER, "finalizer") \
  X(JS_F_FUNCTION, "function") \
  X(JS_F_HANDLER, "handler") \
  X(JS_F_INCREMENT, "increment") \
  X(JS_F_INDEX, "index") \
  X(JS_F_INITIALIZER, "initializer") \
  X(JS_F_KEY, "key") \
  X(JS_F_KIND, "kind") \
  X(JS_F_LABEL, "label") \
  X(JS_F_LEFT, "left") \
  X(JS_F_NAME, "name") \
  X(JS_F_OBJECT, "object") \
  X(JS_F_OPERATOR, "operator") \
  X(JS_F_OPTIONAL_CHAIN, "optional_chain") \
  X(JS_F_PARAMETER, "parameter") \
  X(JS_F_PARAMETERS, "parameters") \
  X(JS_F_PATTERN, "pattern") \
  X(JS_F_PROPERTY, "property") \
  X(JS_F_RIGHT, "right") \
  X(JS_F_SOURCE, "source") \
  X(JS_F_TYPE, "type") \
  X(JS_F_VALUE, "value") \
  X(JS_F_CONSTRUCTOR, "constructor")

#define JS_SYMS_ENUM(sym, name) sym,
typedef enum JsKind { JS_K_OTHER = 0, JS_KIND_LIST(JS_SYMS_ENUM) JS_K_COUNT } JsKind;
typedef enum JsField { JS_FIELD_LIST(JS_SYMS_ENUM) JS_F_COUNT } JsField;
#undef JS_SYMS_ENUM

/* A classified symbol: the JsKind in the low byte, JS_KF_* flags above it. */
enum {
  JS_KIND_MASK = 0xff,
  JS_KF_FUNCTION = 1 << 8,  /* function-like (js_is_function_node) */
  JS_KF_TYPEISH = 1 << 9,   /* the type name contains "type" (TS type syntax, and type_assertion) */
};

/* The code of a node type name for TsKindCache: its JsKind (JS_K_OTHER when
** not listed) with its flags. */
uint16_t js_kind_classify(const char *type_name);
/* JS_F_COUNT field names indexed by JsField (a static table). */
const char *const *js_field_names(void);
/* True when the kind names are sorted as js_kind_classify needs (checked in
** debug builds). */
bool js_syms_sorted(void);

#endif
