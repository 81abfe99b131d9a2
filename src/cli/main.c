/* Placeholder until the CLI lands. */
#include <stdio.h>
int main(void) { puts("txlint: not built yet"); return 3; }
