/* TEMPORARY: replaced by the import and export dialogs in this session. */
#include "config.h"
#include "mamori-inventory-actions.h"
void mamori_inventory_import (GtkWidget *page) { }
void mamori_inventory_export (GtkWidget *page, const char *format) { }
