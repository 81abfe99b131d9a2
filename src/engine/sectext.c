/* sectext: what the text of a connection string says, for secconf.c: its
** parameters (`?sslmode=no-verify`, libpq's `sslmode=disable` keywords), its
** host, and the password it holds (`postgres://u:secret@h/db`, libpq's
** `password=…`, go-sql-driver/mysql's `user:secret@tcp(h)/db`). Text is
** what the IR keeps: a decoded literal, or a template's raw text with its
** holes as ${…} (or a format's verbs, %s). */
#include <ctype.h>
#include <string.h>

#include "engine/secconf.h"

/* True when s[0..n) equals the lower-case word w, ignoring case. */
static bool word_eq(const char *s, size_t n, const char *w) {
  if (strlen(w) != n) return false;
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)s[i]) != (unsigned char)w[i]) return false;
  return true;
}

static bool param_start(const char *text, const char *at) {
  if (at == text) return true;
  char p = at[-1];
  return p == '?' || p == '&' || p == ' ' || p == ';' || p == '\t' || p == '\n';
}

static bool value_end(char ch) {
  return ch == '\0' || ch == '&' || ch == ' ' || ch == ';' || ch == '\t' || ch == '\n' || ch == '"' || ch == '\'';
}

const char *sectext_param(Arena *a, const char *text, const char *name) {
  size_t n = strlen(name);
  for (const char *p = text; p && *p; p++) {
    if (!param_start(text, p) || !word_eq(p, n, name) || p[n] != '=') continue;
    const char *v = p + n + 1, *e = v;
    while (!value_end(*e)) e++;
    char *out = arena_strndup(a, v, (size_t)(e - v));
    for (char *q = out; *q; q++) *q = (char)tolower((unsigned char)*q);
    return out;
  }
  return NULL;
}

/* The authority of a URL whose scheme the catalog names ("u:p@h:5432"), or
** NULL; *len gets its length. */
static const char *url_authority(const ApiSecurity *cat, const char *text, size_t *len) {
  const char *sep = strstr(text, "://");
  if (!sep) return NULL;
  const char *start = sep;
  while (start > text && (isalnum((unsigned char)start[-1]) || start[-1] == '+' || start[-1] == '-')) start--;
  char scheme[32];
  size_t sn = (size_t)(sep - start);
  if (sn == 0 || sn >= sizeof scheme) return NULL;
  for (size_t i = 0; i < sn; i++) scheme[i] = (char)tolower((unsigned char)start[i]);
  scheme[sn] = '\0';
  if (!apisec_list_has(cat->schemes.items, cat->schemes.len, scheme)) return NULL;
  const char *auth = sep + 3, *e = auth;
  while (*e && *e != '/' && *e != '?' && *e != ' ' && *e != '#') e++;
  *len = (size_t)(e - auth);
  return auth;
}

/* go-sql-driver/mysql's DSN: `user:password@tcp(host:port)/db`. The part
** before the protocol's '@', or NULL. */
static const char *mysql_userinfo(const char *text, size_t *len) {
  const char *at = strstr(text, "@tcp(");
  if (!at) at = strstr(text, "@unix(");
  if (!at) at = strstr(text, "@/");
  if (!at || strchr(text, ' ') || strstr(text, "://")) return NULL;
  *len = (size_t)(at - text);
  return text;
}

const char *sectext_password(Arena *a, const ApiSecurity *cat, const char *text) {
  if (!text) return NULL;
  size_t n = 0;
  const char *user = NULL;
  const char *auth = url_authority(cat, text, &n);
  if (auth) {
    const char *at = NULL;
    for (size_t i = 0; i < n; i++)
      if (auth[i] == '@') at = auth + i;
    if (at) user = auth, n = (size_t)(at - auth);
  } else {
    user = mysql_userinfo(text, &n);
  }
  if (user) {
    const char *colon = memchr(user, ':', n);
    if (!colon) return NULL;
    return arena_strndup(a, colon + 1, n - (size_t)(colon + 1 - user));
  }
  for (uint32_t k = 0; k < cat->password_keys.len; k++) {
    const char *pw = sectext_param(a, text, cat->password_keys.items[k]);
    if (pw) return pw;
  }
  return NULL;
}

/* Section - Hosts */

static bool host_is_local(const ApiSecurity *cat, const char *h, size_t n) {
  if (n == 0 || h[0] == '/') return true; /* no host: libpq's Unix socket; a socket directory */
  char buf[128];
  if (n >= sizeof buf) return false;
  for (size_t i = 0; i < n; i++) buf[i] = (char)tolower((unsigned char)h[i]);
  buf[n] = '\0';
  return apisec_list_has(cat->local_hosts.items, cat->local_hosts.len, buf);
}

/* Unknown when the host is a hole or a format verb: `${host}`, `%s`. */
static bool host_is_text(const char *h, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (h[i] == '$' || h[i] == '%' || h[i] == '{' || h[i] == '<') return false;
  return true;
}

int sectext_remote_host(Arena *a, const ApiSecurity *cat, const char *text) {
  size_t n = 0;
  const char *h = url_authority(cat, text, &n);
  if (h) {
    for (size_t i = 0; i < n; i++)
      if (h[i] == '@') n -= i + 1, h += i + 1, i = (size_t)-1;
    size_t hn = 0;
    if (n && h[0] == '[') {
      while (hn < n && h[hn] != ']') hn++;
      h++, hn = hn ? hn - 1 : 0;
    } else {
      while (hn < n && h[hn] != ':' && h[hn] != ',') hn++;
    }
    if (!host_is_text(h, hn)) return -1;
    return host_is_local(cat, h, hn) ? 0 : 1;
  }
  const char *kw = sectext_param(a, text, "host");
  if (!kw) kw = sectext_param(a, text, "hostaddr");
  if (kw) return !host_is_text(kw, strlen(kw)) ? -1 : host_is_local(cat, kw, strlen(kw)) ? 0 : 1;
  const char *tcp = strstr(text, "@tcp(");
  if (tcp) {
    h = tcp + 5;
    size_t hn = 0;
    while (h[hn] && h[hn] != ':' && h[hn] != ')') hn++;
    if (!host_is_text(h, hn)) return -1;
    return host_is_local(cat, h, hn) ? 0 : 1;
  }
  return strchr(text, '=') ? 0 : -1; /* a conninfo without host: the Unix socket */
}

bool sectext_is_placeholder(const ApiSecurity *cat, const char *pw) {
  if (!pw || !*pw) return true;
  if (strchr(pw, '%')) return true; /* a format verb: filled in at run time */
  for (uint32_t k = 0; k < cat->placeholders.len; k++)
    if (strstr(pw, cat->placeholders.items[k])) return true;
  return false;
}
