/* c_libclang: libclang is loaded with dlopen when the first C file is
** parsed, not linked into the binary. Linking it maps libLLVM and runs its
** relocations and static constructors at every start: about 57 MB of
** resident memory in every run, including the JS/TS and Go runs that never
** parse C (a run's peak RSS was that plus the analysis).
**
** The C front end keeps calling clang_* by name: after this header, each
** name in C_LIBCLANG_FUNCS is a macro for a pointer in c_libclang_api,
** filled by c_libclang_load. A C front-end file that calls a libclang
** function missing from the list fails to link (undefined clang_...): add
** the name to the list. Only the C front end includes this header (through
** c_lower.h); bench/c_parse links libclang itself. */
#ifndef TXLINT_FRONTEND_C_C_LIBCLANG_H
#define TXLINT_FRONTEND_C_C_LIBCLANG_H

#include <clang-c/Index.h>
#include <stdbool.h>

#define C_LIBCLANG_FUNCS(X)                                                                                   \
  X(clang_Cursor_Evaluate) X(clang_Cursor_getArgument) X(clang_Cursor_getNumArguments)                         \
  X(clang_Cursor_getStorageClass) X(clang_Cursor_getVarDeclInitializer) X(clang_Cursor_isNull)                 \
  X(clang_EvalResult_dispose) X(clang_EvalResult_getAsLongLong) X(clang_EvalResult_getAsStr)                   \
  X(clang_EvalResult_getAsUnsigned) X(clang_EvalResult_getKind) X(clang_EvalResult_isUnsignedInt)              \
  X(clang_File_isEqual) X(clang_Location_isFromMainFile) X(clang_Location_isInSystemHeader)                    \
  X(clang_PrintingPolicy_dispose) X(clang_createIndex) X(clang_disposeDiagnostic) X(clang_disposeIndex)        \
  X(clang_disposeString) X(clang_disposeTokens) X(clang_disposeTranslationUnit) X(clang_equalCursors)          \
  X(clang_getCString) X(clang_getCanonicalCursor) X(clang_getCanonicalType) X(clang_getCursorExtent)           \
  X(clang_getCursorKind) X(clang_getCursorLinkage) X(clang_getCursorLocation) X(clang_getCursorPrettyPrinted)  \
  X(clang_getCursorPrintingPolicy) X(clang_getCursorReferenced) X(clang_getCursorSpelling)                     \
  X(clang_getCursorType) X(clang_getDiagnostic) X(clang_getDiagnosticLocation) X(clang_getDiagnosticOption)    \
  X(clang_getDiagnosticSeverity) X(clang_getDiagnosticSpelling) X(clang_getEnumConstantDeclValue)              \
  X(clang_getExpansionLocation) X(clang_getFile) X(clang_getFileContents) X(clang_getFileLocation)             \
  X(clang_getFileName) X(clang_getNullCursor) X(clang_getNumDiagnostics) X(clang_getRangeEnd)                  \
  X(clang_getRangeStart) X(clang_getToken) X(clang_getTokenLocation) X(clang_getTokenSpelling)                 \
  X(clang_getTranslationUnitCursor) X(clang_getTypeSpelling) X(clang_isAttribute) X(clang_isCursorDefinition)  \
  X(clang_isExpression) X(clang_isInvalidDeclaration) X(clang_parseTranslationUnit2) X(clang_visitChildren)

/* One pointer per function, typed from its declaration in Index.h. */
typedef struct CLibclangApi {
#define C_LIBCLANG_FIELD(name) __typeof__(name) *name;
  C_LIBCLANG_FUNCS(C_LIBCLANG_FIELD)
#undef C_LIBCLANG_FIELD
} CLibclangApi;

extern CLibclangApi c_libclang_api;

/* Loads libclang and fills c_libclang_api, once per process (thread safe).
** Returns false, with *why set to a static message, when the library or
** one of its functions cannot be found; every later call says the same. */
bool c_libclang_load(const char **why);

/* From here on, clang_X(...) calls through c_libclang_api.clang_X (a macro
** is not expanded again inside its own replacement). c_libclang.c, which
** fills the table by name, does without them. */
#ifndef C_LIBCLANG_NO_NAME_MACROS
#define clang_Cursor_Evaluate c_libclang_api.clang_Cursor_Evaluate
#define clang_Cursor_getArgument c_libclang_api.clang_Cursor_getArgument
#define clang_Cursor_getNumArguments c_libclang_api.clang_Cursor_getNumArguments
#define clang_Cursor_getStorageClass c_libclang_api.clang_Cursor_getStorageClass
#define clang_Cursor_getVarDeclInitializer c_libclang_api.clang_Cursor_getVarDeclInitializer
#define clang_Cursor_isNull c_libclang_api.clang_Cursor_isNull
#define clang_EvalResult_dispose c_libclang_api.clang_EvalResult_dispose
#define clang_EvalResult_getAsLongLong c_libclang_api.clang_EvalResult_getAsLongLong
#define clang_EvalResult_getAsStr c_libclang_api.clang_EvalResult_getAsStr
#define clang_EvalResult_getAsUnsigned c_libclang_api.clang_EvalResult_getAsUnsigned
#define clang_EvalResult_getKind c_libclang_api.clang_EvalResult_getKind
#define clang_EvalResult_isUnsignedInt c_libclang_api.clang_EvalResult_isUnsignedInt
#define clang_File_isEqual c_libclang_api.clang_File_isEqual
#define clang_Location_isFromMainFile c_libclang_api.clang_Location_isFromMainFile
#define clang_Location_isInSystemHeader c_libclang_api.clang_Location_isInSystemHeader
#define clang_PrintingPolicy_dispose c_libclang_api.clang_PrintingPolicy_dispose
#define clang_createIndex c_libclang_api.clang_createIndex
#define clang_disposeDiagnostic c_libclang_api.clang_disposeDiagnostic
#define clang_disposeIndex c_libclang_api.clang_disposeIndex
#define clang_disposeString c_libclang_api.clang_disposeString
#define clang_disposeTokens c_libclang_api.clang_disposeTokens
#define clang_disposeTranslationUnit c_libclang_api.clang_disposeTranslationUnit
#define clang_equalCursors c_libclang_api.clang_equalCursors
#define clang_getCString c_libclang_api.clang_getCString
#define clang_getCanonicalCursor c_libclang_api.clang_getCanonicalCursor
#define clang_getCanonicalType c_libclang_api.clang_getCanonicalType
#define clang_getCursorExtent c_libclang_api.clang_getCursorExtent
#define clang_getCursorKind c_libclang_api.clang_getCursorKind
#define clang_getCursorLinkage c_libclang_api.clang_getCursorLinkage
#define clang_getCursorLocation c_libclang_api.clang_getCursorLocation
#define clang_getCursorPrettyPrinted c_libclang_api.clang_getCursorPrettyPrinted
#define clang_getCursorPrintingPolicy c_libclang_api.clang_getCursorPrintingPolicy
#define clang_getCursorReferenced c_libclang_api.clang_getCursorReferenced
#define clang_getCursorSpelling c_libclang_api.clang_getCursorSpelling
#define clang_getCursorType c_libclang_api.clang_getCursorType
#define clang_getDiagnostic c_libclang_api.clang_getDiagnostic
#define clang_getDiagnosticLocation c_libclang_api.clang_getDiagnosticLocation
#define clang_getDiagnosticOption c_libclang_api.clang_getDiagnosticOption
#define clang_getDiagnosticSeverity c_libclang_api.clang_getDiagnosticSeverity
#define clang_getDiagnosticSpelling c_libclang_api.clang_getDiagnosticSpelling
#define clang_getEnumConstantDeclValue c_libclang_api.clang_getEnumConstantDeclValue
#define clang_getExpansionLocation c_libclang_api.clang_getExpansionLocation
#define clang_getFile c_libclang_api.clang_getFile
#define clang_getFileContents c_libclang_api.clang_getFileContents
#define clang_getFileLocation c_libclang_api.clang_getFileLocation
#define clang_getFileName c_libclang_api.clang_getFileName
#define clang_getNullCursor c_libclang_api.clang_getNullCursor
#define clang_getNumDiagnostics c_libclang_api.clang_getNumDiagnostics
#define clang_getRangeEnd c_libclang_api.clang_getRangeEnd
#define clang_getRangeStart c_libclang_api.clang_getRangeStart
#define clang_getToken c_libclang_api.clang_getToken
#define clang_getTokenLocation c_libclang_api.clang_getTokenLocation
#define clang_getTokenSpelling c_libclang_api.clang_getTokenSpelling
#define clang_getTranslationUnitCursor c_libclang_api.clang_getTranslationUnitCursor
#define clang_getTypeSpelling c_libclang_api.clang_getTypeSpelling
#define clang_isAttribute c_libclang_api.clang_isAttribute
#define clang_isCursorDefinition c_libclang_api.clang_isCursorDefinition
#define clang_isExpression c_libclang_api.clang_isExpression
#define clang_isInvalidDeclaration c_libclang_api.clang_isInvalidDeclaration
#define clang_parseTranslationUnit2 c_libclang_api.clang_parseTranslationUnit2
#define clang_visitChildren c_libclang_api.clang_visitChildren
#endif

#endif
