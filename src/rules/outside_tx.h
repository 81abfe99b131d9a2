/* outside_tx: the findings about statements of a managed transaction's
** callback that run on another connection (engine/txescape.c marks them
** DBF_OUTSIDE_TX): non-atomic-writes reports such a write that a write of the
** transaction follows, transaction-on-pool such a read of what the
** transaction wrote before it. */
#ifndef TXLINT_RULES_OUTSIDE_TX_H
#define TXLINT_RULES_OUTSIDE_TX_H

#include <stdbool.h>

#include "rules/rule.h"

/* Reports (message "write-outside-tx" of the current rule) the first write of the current
** function that runs outside its transaction and after which a write of the transaction
** runs; true when it did. */
bool outside_tx_report_write(RuleCtx *cx);
/* Reports (message "read-outside-tx") the first read outside the transaction of a table a
** write of the transaction wrote before it; true when it did. */
bool outside_tx_report_read(RuleCtx *cx);

#endif
