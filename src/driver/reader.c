#define _GNU_SOURCE /* strerror_r returning char *, O_CLOEXEC */
#include "driver/reader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/array.h"
#include "driver/lexscan.h"
#include "report/srctext.h"

static const SrcLoc whole_file = {0, 0, 0, 0};

static void reader_note_errno(FileCtx *fx, const char *what, int err) {
  char buf[128];
  fx_note(fx, NOTE_UNREADABLE, whole_file, "cannot read %s: %s", what, strerror_r(err, buf, sizeof buf));
}

/* Reads exactly the file's current size (it may change under us: a shorter
** read is fine, a longer file is cut at the size fstat saw). */
static bool reader_slurp(FileCtx *fx, int fd, size_t size) {
  char *buf = arena_alloc(fx->arena, size + 1);
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, buf + got, size - got);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) {
      reader_note_errno(fx, "file", errno);
      return false;
    }
    if (n == 0) break;
    got += (size_t)n;
  }
  buf[got] = '\0';
  fx->src = buf;
  fx->src_len = got;
  return true;
}

/* Notes the first line that is not valid UTF-8. */
static void reader_check_utf8(FileCtx *fx) {
  if (srctext_is_valid_utf8(fx->src, fx->src_len)) return;
  LineIndex idx;
  line_index_init(&idx, fx->src, fx->src_len);
  for (uint32_t l = 1; l <= idx.n_lines; l++) {
    Str s;
    if (line_index_get(&idx, l, &s) && !srctext_is_valid_utf8(s.ptr, s.len)) {
      SrcLoc at = {l, 1, l, 1};
      fx_note(fx, NOTE_INVALID_UTF8, at, "the file is not valid UTF-8 (first at this line); analysed anyway");
      break;
    }
  }
  line_index_fini(&idx);
}

/* True when the file's NUL bytes (if any) make it binary; then with a note. */
static bool reader_is_binary(FileCtx *fx, IrLang lang) {
  const char *nul = memchr(fx->src, '\0', fx->src_len);
  if (!nul) return false;
  if (lang != IR_LANG_JS && lang != IR_LANG_TS) {
    fx_note(fx, NOTE_SKIPPED_BINARY, whole_file, "the file contains NUL bytes; treated as binary, not analysed");
    return true;
  }
  size_t at = lexscan_js_nul_outside_text(fx->src, fx->src_len);
  if (at == fx->src_len) return false;
  unsigned line = 1;
  for (const char *p = fx->src; (p = memchr(p, '\n', (size_t)(fx->src + at - p))) != NULL; p++) line++;
  fx_note(fx, NOTE_SKIPPED_BINARY, whole_file,
          "the file contains a NUL byte outside string literals and comments (first at line %u); treated as "
          "binary, not analysed",
          line);
  return true;
}

bool reader_load(FileCtx *fx, size_t max_size, IrLang lang, bool note_utf8) {
  int fd = open(fx->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* O_NONBLOCK: a FIFO must not hang us */
  if (fd < 0) {
    reader_note_errno(fx, "file", errno);
    return false;
  }
  struct stat st;
  bool ok = false;
  if (fstat(fd, &st) != 0) {
    reader_note_errno(fx, "file", errno);
  } else if (!S_ISREG(st.st_mode)) {
    fx_note(fx, NOTE_UNREADABLE, whole_file, "cannot read: not a regular file");
  } else if ((uint64_t)st.st_size > max_size) {
    fx_note(fx, NOTE_TOO_LARGE, whole_file, "the file has %llu bytes, above the %zu-byte limit; not analysed",
            (unsigned long long)st.st_size, max_size);
  } else {
    ok = reader_slurp(fx, fd, (size_t)st.st_size);
  }
  close(fd);
  if (!ok) return false;
  if (reader_is_binary(fx, lang)) return false;
  if (note_utf8) reader_check_utf8(fx);
  return true;
}

bool reader_load_text(FileCtx *fx, const char *text, size_t len, size_t max_size, IrLang lang, bool note_utf8) {
  if (len > max_size) {
    fx_note(fx, NOTE_TOO_LARGE, whole_file, "the file has %zu bytes, above the %zu-byte limit; not analysed", len,
            max_size);
    return false;
  }
  char *buf = arena_alloc(fx->arena, len + 1);
  if (len) memcpy(buf, text, len);
  buf[len] = '\0';
  fx->src = buf;
  fx->src_len = len;
  if (reader_is_binary(fx, lang)) return false;
  if (note_utf8) reader_check_utf8(fx);
  return true;
}

void line_index_init(LineIndex *self, const char *src, size_t len) {
  ARRAY(uint32_t) starts = {0};
  size_t pos = 0;
  while (pos < len || (pos == 0 && len == 0)) {
    array_push(&starts, (uint32_t)pos);
    const char *nl = memchr(src + pos, '\n', len - pos);
    if (!nl) break;
    pos = (size_t)(nl - src) + 1;
  }
  self->src = src;
  self->len = len;
  self->starts = starts.items;
  self->n_lines = starts.len;
}

void line_index_fini(LineIndex *self) {
  free(self->starts);
  self->starts = NULL;
  self->n_lines = 0;
}

bool line_index_get(const LineIndex *self, uint32_t line, Str *out) {
  if (line == 0 || line > self->n_lines) return false;
  size_t start = self->starts[line - 1];
  /* The last line ends at the text's end, which may itself be a '\n'. */
  const char *nl = memchr(self->src + start, '\n', self->len - start);
  size_t end = nl ? (size_t)(nl - self->src) : self->len;
  if (end > start && self->src[end - 1] == '\r') end--;
  out->ptr = self->src + start;
  out->len = end - start;
  return true;
}
