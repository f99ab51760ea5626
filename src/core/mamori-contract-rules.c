/* mamori-contract-rules.c — the steps of a contract's status and what blocks them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * draft → checked → concluded → ended.  A draft may be concluded at once (the check is then
 * implied); a checked contract goes back to draft when its checklist changes.  Checking and
 * concluding are refused while a mandatory clause is not stated, not answered, or marked not
 * applicable without a reason.  Concluded and ended contracts keep their checklist as it was.
 */

#include "config.h"

#include "mamori-contract.h"

#include <glib/gi18n.h>

const char *const mamori_contract_kinds[] = { "outsourcing", "dispatch", NULL };
const char *const mamori_contract_statuses[] = { "draft", "checked", "concluded", "ended", NULL };
const char *const mamori_contract_answers[] = { "stated", "not-stated", "not-applicable", NULL };

/* The labels of the audited tables, so that xgettext sees them. */
static const char *table_labels[] G_GNUC_UNUSED = {
  N_("Contracts"), N_("Contract clauses"), N_("Contract checks"), N_("Contractor staff"),
  N_("Contract documents"),
};

const char *
mamori_contract_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "outsourcing") == 0)
    return _("Outsourcing of information work");
  if (g_strcmp0 (kind, "dispatch") == 0)
    return _("Worker dispatch");
  return kind ? kind : "";
}

const char *
mamori_contract_status_label (const char *status)
{
  if (g_strcmp0 (status, "draft") == 0)
    return _("Draft");
  if (g_strcmp0 (status, "checked") == 0)
    return _("Checked");
  if (g_strcmp0 (status, "concluded") == 0)
    return _("Concluded");
  if (g_strcmp0 (status, "ended") == 0)
    return _("Ended");
  return status ? status : "";
}

const char *
mamori_contract_answer_label (const char *answer)
{
  if (g_strcmp0 (answer, "stated") == 0)
    return _("Stated");
  if (g_strcmp0 (answer, "not-stated") == 0)
    return _("Not stated");
  if (g_strcmp0 (answer, "not-applicable") == 0)
    return _("Not applicable");
  return _("Not answered");
}

static int
status_rank (const char *status)
{
  for (int i = 0; mamori_contract_statuses[i]; i++)
    if (g_strcmp0 (status, mamori_contract_statuses[i]) == 0)
      return i;
  return -1;
}

/**
 * mamori_contract_step_allowed:
 *
 * Whether a contract may go from @from to @to, the clauses aside.
 */
gboolean
mamori_contract_step_allowed (const char *from,
                              const char *to)
{
  int f = status_rank (from), t = status_rank (to);

  if (f < 0 || t < 0 || f == t)
    return FALSE;
  if (g_strcmp0 (from, "checked") == 0 && g_strcmp0 (to, "draft") == 0)
    return TRUE;
  if (g_strcmp0 (from, "draft") == 0 && g_strcmp0 (to, "concluded") == 0)
    return TRUE;
  return t == f + 1;
}

gboolean
mamori_contract_is_locked (const char *status)
{
  return g_strcmp0 (status, "concluded") == 0 || g_strcmp0 (status, "ended") == 0;
}

/**
 * mamori_contract_clause_missing:
 *
 * Whether this clause blocks checking and concluding: a mandatory clause not stated, not
 * answered, or not applicable without a reason.  Reference-only clauses never do.
 */
gboolean
mamori_contract_clause_missing (const MamoriContractClause *c)
{
  if (!c->mandatory)
    return FALSE;
  if (g_strcmp0 (c->answer, "stated") == 0)
    return FALSE;
  if (g_strcmp0 (c->answer, "not-applicable") == 0)
    {
      for (const char *p = c->note; p && *p; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          return FALSE;
      return TRUE;
    }
  return TRUE;
}

/**
 * mamori_contract_describe_missing:
 * @missing: (element-type MamoriContractClause): the clauses that block
 *
 * Returns: (transfer full): one line per clause, naming its article and why it blocks
 */
char *
mamori_contract_describe_missing (GPtrArray *missing)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < missing->len; i++)
    {
      const MamoriContractClause *c = g_ptr_array_index (missing, i);
      const char *why = c->answer == NULL ? _("not answered")
                        : g_strcmp0 (c->answer, "not-stated") == 0 ? _("not stated")
                        : _("not applicable without a reason");

      if (text->len)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: a clause that blocks concluding: "第6-5-(12) (K-12) 前各号…: not stated" */
      g_string_append_printf (text, _("%s (%s) %s: %s"), c->ref ? c->ref : "", c->code,
                              c->body, why);
    }
  return g_string_free (text, FALSE);
}
