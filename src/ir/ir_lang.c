#include <string.h>

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

int ir_param_index(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; name && i < fn->n_params; i++)
    if (fn->params[i].name && strcmp(fn->params[i].name, name) == 0) return (int)i;
  return -1;
}

const IrInstr *ir_next_member_store(const IrFunc *fn, const char *path, uint32_t *b, uint32_t *i) {
  size_t n = strlen(path);
  for (; *b < fn->n_blocks; (*b)++, *i = 0)
    while (*i < fn->blocks[*b].n_instrs) {
      const IrInstr *in = &fn->blocks[*b].instrs[(*i)++];
      const char *d = in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH ? in->u.assign.dst.text : NULL;
      if (d && strncmp(d, path, n) == 0 && d[n] == '.') return in;
    }
  return NULL;
}

const IrCall *ir_temp_call(const IrFunc *fn, const char *tmp) {
  for (uint32_t b = 0; tmp && b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_CALL && in->u.call.n_results && in->u.call.results[0].kind == IR_V_PATH &&
          in->u.call.results[0].text && strcmp(in->u.call.results[0].text, tmp) == 0)
        return &in->u.call;
    }
  return NULL;
}
