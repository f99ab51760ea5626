/* mamori-standard-window.c — the standard browser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The articles of the loaded standard in their order, searchable as you type (Japanese
 * folded: full/half-width and kana), each with its text and everything that cites it.  A
 * standard has a few hundred articles: the list is read on the main thread's read-only
 * connection in well under a frame.
 */

#include "config.h"

#include "mamori-standard-window.h"
#include "mamori-article-object.h"
#include "mamori-page-util.h"

#include <glib/gi18n.h>

struct _MamoriStandardWindow
{
  AdwWindow            parent_instance;

  AdwLeaflet          *leaflet;
  GtkWidget           *content;
  AdwWindowTitle      *standard_title;
  AdwWindowTitle      *article_title;
  GtkSearchEntry      *search_entry;
  GtkStack            *list_stack;
  GtkListView         *articles_view;
  GtkStack            *detail_stack;
  GtkScrolledWindow   *detail_scroll;
  GtkLabel            *heading_label;
  GtkLabel            *gloss_label;
  GtkLabel            *duty_label;
  GtkLabel            *body_label;
  GtkLabel            *note_label;
  AdwPreferencesGroup *cited_group;
  GtkListBox          *cited_list;

  GListStore          *articles;
  GtkSingleSelection  *selection;
  MamoriApplication   *application;
};

G_DEFINE_FINAL_TYPE (MamoriStandardWindow, mamori_standard_window, ADW_TYPE_WINDOW)

static const char *
citation_kind_label (MamoriCitationKind kind)
{
  switch (kind)
    {
    case MAMORI_CITATION_ITEM: return _("Inspection item");
    case MAMORI_CITATION_CLAUSE: return _("Contract clause");
    case MAMORI_CITATION_CHECK: return _("Contract check");
    case MAMORI_CITATION_CRITERION: return _("Class criterion");
    case MAMORI_CITATION_MEASURE: return _("Managed-area measure");
    case MAMORI_CITATION_STEP: return _("Incident response step");
    default: return "";
    }
}

static char *
article_heading (const MamoriArticle *a)
{
  if (a->title && *a->title)
    return g_strdup_printf ("%s %s", a->ref, a->title);
  return g_strdup (a->ref);
}

static GtkWidget *
citation_row_new (MamoriCitation *c)
{
  g_autofree char *title = g_strdup_printf ("%s %s", citation_kind_label (c->kind), c->code);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (c->kind == MAMORI_CITATION_CLAUSE)
    {
      GtkWidget *tag = gtk_label_new (c->mandatory ? _("Required") : _("Reference only"));

      gtk_widget_add_css_class (tag, c->mandatory ? "required-tag" : "dim-label");
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  return row;
}

static void
show_article (MamoriStandardWindow *self,
              const MamoriArticle  *a)
{
  MamoriStore *store = mamori_application_get_store (self->application);
  g_autoptr(GPtrArray) citations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *count = NULL;

  if (a == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      adw_window_title_set_title (self->article_title, "");
      return;
    }

  heading = article_heading (a);
  adw_window_title_set_title (self->article_title, a->ref);
  adw_window_title_set_subtitle (self->article_title, a->title);
  gtk_label_set_label (self->heading_label, heading);
  gtk_label_set_label (self->gloss_label, a->title_en);
  gtk_widget_set_visible (GTK_WIDGET (self->gloss_label), a->title_en && *a->title_en);
  gtk_widget_set_visible (GTK_WIDGET (self->duty_label), a->duty);
  gtk_label_set_label (self->body_label, a->body);
  gtk_widget_set_visible (GTK_WIDGET (self->body_label), a->body && *a->body);
  gtk_label_set_label (self->note_label, a->note);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), a->note && *a->note);

  mamori_list_box_remove_all (self->cited_list);
  citations = store ? mamori_standard_list_citations (store, 0, a->ref, &error) : NULL;
  if (citations == NULL && error != NULL)
    g_warning ("Could not read what cites %s: %s", a->ref, error->message);
  for (guint i = 0; citations && i < citations->len; i++)
    gtk_list_box_append (self->cited_list, citation_row_new (g_ptr_array_index (citations, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->cited_group), citations && citations->len > 0);
  count = citations ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%u entry cites this article or one of "
                                                     "its sub-articles.",
                                                     "%u entries cite this article or one of "
                                                     "its sub-articles.", citations->len),
                                       citations->len)
                    : NULL;
  adw_preferences_group_set_description (self->cited_group, count);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), 0);
  gtk_stack_set_visible_child_name (self->detail_stack, "article");
}

static void
selection_changed (MamoriStandardWindow *self)
{
  MamoriArticleObject *item = gtk_single_selection_get_selected_item (self->selection);

  show_article (self, item ? mamori_article_object_get (item) : NULL);
}

static void
article_activated (MamoriStandardWindow *self,
                   guint                 position)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/**
 * mamori_standard_window_search:
 * @query: (nullable): what to look for; %NULL or empty lists every article
 *
 * Fills the list with the articles that match, and shows the first one.
 */
void
mamori_standard_window_search (MamoriStandardWindow *self,
                               const char           *query)
{
  MamoriStore *store = mamori_application_get_store (self->application);
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (store != NULL)
    articles = mamori_standard_list_articles (store, 0, query, &error);
  if (error != NULL)
    g_warning ("Could not read the articles: %s", error->message);

  for (guint i = 0; articles && i < articles->len; i++)
    g_ptr_array_add (items, mamori_article_object_new (g_steal_pointer (&articles->pdata[i])));

  /* One splice, one items-changed. */
  g_list_store_splice (self->articles, 0, g_list_model_get_n_items (G_LIST_MODEL (self->articles)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->list_stack, items->len ? "list" : "none");
  selection_changed (self);
}

/**
 * mamori_standard_window_show:
 * @ref: an article reference
 *
 * Selects the article @ref, clearing the search if it hides it.
 */
void
mamori_standard_window_show (MamoriStandardWindow *self,
                             const char           *ref)
{
  for (int attempt = 0; attempt < 2; attempt++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->articles));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(MamoriArticleObject) item = g_list_model_get_item (G_LIST_MODEL (self->articles), i);

          if (g_strcmp0 (mamori_article_object_get (item)->ref, ref) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              adw_leaflet_set_visible_child (self->leaflet, self->content);
              return;
            }
        }
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      mamori_standard_window_search (self, NULL);
    }
}

static void
search_changed (MamoriStandardWindow *self)
{
  mamori_standard_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* The list's rows ----------------------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "citation-count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  MamoriArticleObject *item = gtk_list_item_get_item (list_item);
  const MamoriArticle *a = mamori_article_object_get (item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *count = gtk_widget_get_last_child (box);
  g_autofree char *text = NULL;
  g_autofree char *n = NULL;
  g_autofree char *spoken = NULL;

  /* Chapters by their full reference, sub-articles by their number, indented. */
  if (a->depth == 0)
    text = g_strdup_printf ("%s %s", a->ref, a->title);
  else if (a->title && *a->title)
    text = g_strdup_printf ("%s %s", a->number, a->title);
  else
    text = g_strdup_printf ("%s %s", a->number, a->body);
  gtk_label_set_label (GTK_LABEL (label), text);
  gtk_widget_set_margin_start (box, 14 * a->depth);
  if (a->depth == 0)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");

  n = a->n_citations ? g_strdup_printf ("%" G_GINT64_FORMAT, a->n_citations) : NULL;
  gtk_label_set_label (GTK_LABEL (count), n);
  gtk_widget_set_visible (count, n != NULL);

  spoken = a->n_citations
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s, cited %lld time",
                                    "%s %s, cited %lld times", a->n_citations),
                       a->ref, a->title && *a->title ? a->title : a->body,
                       (long long)a->n_citations)
    : g_strdup_printf ("%s %s", a->ref, a->title && *a->title ? a->title : a->body);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

/* Actions ------------------------------------------------------------------------------------- */

static void
search_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  MamoriStandardWindow *self = MAMORI_STANDARD_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_parent (GTK_WIDGET (self->search_entry)));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
back_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  MamoriStandardWindow *self = MAMORI_STANDARD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
attach_application (MamoriStandardWindow *self,
                    MamoriApplication    *application)
{
  MamoriStore *store;
  g_autoptr(MamoriStandardInfo) info = NULL;

  self->application = application;
  store = self->application ? mamori_application_get_store (self->application) : NULL;
  info = store ? mamori_standard_get_info (store, 0, NULL) : NULL;
  if (info != NULL)
    {
      g_autofree char *version = g_strdup_printf (_("Version %s"), info->version);

      adw_window_title_set_title (self->standard_title, info->title);
      adw_window_title_set_subtitle (self->standard_title, version);
      gtk_window_set_title (GTK_WINDOW (self), info->title);
    }
  mamori_standard_window_search (self, NULL);
}

static void
mamori_standard_window_dispose (GObject *object)
{
  MamoriStandardWindow *self = MAMORI_STANDARD_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->articles);

  G_OBJECT_CLASS (mamori_standard_window_parent_class)->dispose (object);
}

static void
mamori_standard_window_class_init (MamoriStandardWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_standard_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mamori-standard-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, standard_title);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, article_title);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, articles_view);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, gloss_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, duty_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, body_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, cited_group);
  gtk_widget_class_bind_template_child (widget_class, MamoriStandardWindow, cited_list);

  gtk_widget_class_install_action (widget_class, "standard.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "standard.back", NULL, back_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "standard.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mamori_standard_window_init (MamoriStandardWindow *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->articles = g_list_store_new (MAMORI_TYPE_ARTICLE_OBJECT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->articles)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->articles_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->articles_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_single_click_activate (self->articles_view, FALSE);

  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed), self);
  g_signal_connect_swapped (self->articles_view, "activate", G_CALLBACK (article_activated), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed), self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

MamoriStandardWindow *
mamori_standard_window_new (MamoriApplication *application)
{
  MamoriStandardWindow *self = g_object_new (MAMORI_TYPE_STANDARD_WINDOW,
                                             "application", application, NULL);

  attach_application (self, application);
  return self;
}
