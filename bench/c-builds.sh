# bench/c-builds.sh: the build recipes of the C benchmark corpus
# (bench/corpus-c.lock, column BUILD), sourced by bench/run. Each recipe runs
# in the unpacked upstream tree, offline, and leaves compile_commands.json at
# the tree's top when the package's build can produce one: bear records the
# compiler calls of a real (partial) build, so the flags are the build's own.
# Output goes to build.log there; a failing step fails the recipe.

# PostgreSQL: configure without the optional libraries (none is needed by the
# client programs), then build the client programs and two contrib clients
# under bear; make builds libpq, src/common, src/port and src/fe_utils on the
# way, so their flags are recorded too.
c_build_postgresql() {
  ./configure --without-readline --without-zlib --without-icu --without-openssl --without-llvm \
    >build.log 2>&1 || return 1
  # The libraries first, one make at a time: src/bin's directories build them
  # on demand, and two of those at once race on the same archive.
  bear --output compile_commands.json -- sh -c \
    'for d in src/port src/common src/interfaces/libpq src/fe_utils; do make -s -C $d || exit 1; done &&
     make -s -j2 -C src/bin && make -s -C contrib/oid2name && make -s -C contrib/vacuumlo' >>build.log 2>&1
}

# Postfix has no configure: `make makefiles` writes the makefiles for the
# options given (the three SQL lookup tables on, Berkeley DB, NIS, PCRE, LMDB
# and SMTPUTF8 off, none of them installed), then the two libraries are built
# under bear (`update` also installs their headers into include/, as the
# top-level build does).
c_build_postfix() {
  local pq my
  pq=$(pkg-config --cflags-only-I libpq) && my=$(pkg-config --cflags-only-I libmariadb) || return 1
  make makefiles CCARGS="-DNO_DB -DNO_NIS -DNO_PCRE -DNO_LMDB -DNO_EAI -DHAS_PGSQL $pq -DHAS_MYSQL $my -DHAS_SQLITE" \
    AUXLIBS='' >build.log 2>&1 || return 1
  bear --output compile_commands.json -- sh -c \
    'make -k -j2 -C src/util update && make -k -j2 -C src/global update' >>build.log 2>&1
}

# SQLite: the shell's source is generated from src/shell.c.in by a Tcl
# script; it is written to shell/shell.c. The shell, the extensions and the
# tools are not compiled on their own by the package's build, so there is no
# compile_commands.json: txlint and the baseline both use the default flags
# (sqlite3.h and sqlite3ext.h from libsqlite3-dev, which is this version).
c_build_sqlite_shell() {
  mkdir -p shell && tclsh tool/mkshellc.tcl >shell/shell.c 2>build.log
}

c_build_none() { :; }
