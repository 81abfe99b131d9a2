/* Placeholder so the layer builds before its sources land; delete when adding real files. */
typedef int txl_report_placeholder;
