#include "ir/ir.h"

const char *ir_lang_name(IrLang lang) {
  switch (lang) {
    case IR_LANG_C: return "c";
    case IR_LANG_JS: return "javascript";
    case IR_LANG_TS: return "typescript";
    case IR_LANG_GO: return "go";
  }
  return "unknown";
}
