/* mamori-xml.c — reading XML safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every XML file Mamori reads comes from somewhere else, so it is treated as hostile: a
 * DOCTYPE is refused before the parser sees it (no internal or external entities, so no
 * billion laughs and no XXE), the network is never used, entities are never substituted,
 * size and depth are bounded, and every error names the file and the line.
 */

#include "config.h"

#include "mamori-xml.h"

#include <glib/gi18n.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <string.h>

G_DEFINE_QUARK (mamori-xml-error-quark, mamori_xml_error)

typedef MamoriXmlErrors ErrorCollector;

static void
collect_error (void        *data,
               const xmlError *error)
{
  ErrorCollector *collector = data;

  /* The first error is the one that explains; what follows is usually its echo. */
  if (collector->message != NULL || error == NULL || error->level < XML_ERR_ERROR)
    return;
  collector->message = g_strstrip (g_utf8_make_valid (error->message ? error->message : "?",
                                                      -1));
  /* Some messages run over two lines ("… indicate encoding !\nBytes: 0xFF …"); a problem is
   * reported on one line. */
  g_strdelimit (collector->message, "\r\n", ' ');
  /* A schema's message may quote a whole value, a megabyte of it: a line is enough. */
  if (g_utf8_strlen (collector->message, -1) > 300)
    {
      g_autofree char *cut = g_utf8_substring (collector->message, 0, 300);

      g_free (collector->message);
      collector->message = g_strconcat (cut, "…", NULL);
    }
  collector->line = error->line;
  collector->domain = error->domain;
}

/* libxml2 2.12 made the handler's error argument const; older versions did not. */
static void
collect_error_compat (void     *data,
                      xmlError *error)
{
  collect_error (data, error);
}

/**
 * mamori_xml_errors_collect:
 * @errors: a MamoriXmlErrors, zeroed before reading
 *
 * Keeps the first error (or fatal error) libxml2 reports, on one line, with its line and
 * domain.  Free errors->message afterwards.
 */
void
mamori_xml_errors_collect (void     *errors,
                           xmlError *error)
{
  collect_error (errors, error);
}

static void
ignore_generic_error (void       *ctx,
                      const char *msg,
                      ...)
{
}

/**
 * mamori_xml_init:
 *
 * Checks the libxml2 ABI and silences its default printing to stderr: Mamori reports errors
 * itself.  Call once from main() (and from tests) before anything else uses libxml2.
 */
void
mamori_xml_init (void)
{
  LIBXML_TEST_VERSION;
  xmlSetGenericErrorFunc (NULL, ignore_generic_error);
}

/* Skips the XML declaration, comments, processing instructions and white space before the
 * root element and tells whether a DOCTYPE comes first.  ASCII-compatible encodings only;
 * anything else is caught after parsing by looking for a DTD on the document. */
gboolean
mamori_xml_prolog_has_doctype (const char *data,
                               gsize       len)
{
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      if (g_ascii_isspace (*p))
        p++;
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");
          if (close == NULL)
            return FALSE;
          p = close + 3;
        }
      else if (end - p >= 2 && memcmp (p, "<?", 2) == 0)
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "?>");
          if (close == NULL)
            return FALSE;
          p = close + 2;
        }
      else
        return end - p >= 9 && g_ascii_strncasecmp (p, "<!DOCTYPE", 9) == 0;
    }
  return FALSE;
}

/**
 * mamori_xml_parse:
 * @display_name: how to name the file in messages
 * @max_size: the largest file accepted, in bytes
 *
 * Parses a small XML document (a standard, a settings file) into a tree.  Large exchange
 * files are read with a streaming reader instead.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
xmlDoc *
mamori_xml_parse (GBytes      *bytes,
                  const char  *display_name,
                  gsize        max_size,
                  GError     **error)
{
  ErrorCollector collector = { 0 };
  xmlParserCtxt *ctxt;
  xmlDoc *doc;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED,
                   _("“%s” is empty."), display_name);
      return NULL;
    }
  if (len > max_size || len > G_MAXINT)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (max_size);

      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_TOO_LARGE,
                   _("“%s” is too large (%s; at most %s is accepted)."), display_name,
                   size, limit);
      return NULL;
    }
  if (mamori_xml_prolog_has_doctype (data, len))
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                   _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                     "such files because they can make a reader fetch or expand content."),
                   display_name);
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  xmlSetStructuredErrorFunc (&collector, (xmlStructuredErrorFunc)collect_error_compat);
  /* NONET: never the network.  Neither NOENT nor DTDLOAD: entities are never expanded and
   * no external subset is read.  No HUGE: libxml2 keeps its depth and text limits. */
  doc = xmlCtxtReadMemory (ctxt, data, (int)len, display_name, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOCDATA);
  xmlSetStructuredErrorFunc (NULL, NULL);

  if (doc == NULL || !ctxt->wellFormed)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_MALFORMED,
                   _("“%s” is not well-formed XML (line %d): %s"), display_name,
                   collector.line, collector.message ? collector.message : _("unreadable"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_UNSAFE,
                   _("“%s” contains a document type declaration (DOCTYPE). Mamori refuses "
                     "such files because they can make a reader fetch or expand content."),
                   display_name);
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  xmlFreeParserCtxt (ctxt);
  g_free (collector.message);
  return doc;
}

static GMutex schemas_lock;
static GHashTable *schemas;

static xmlSchema *
load_schema (const char  *resource,
             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  xmlSchemaParserCtxt *pctxt;
  xmlSchema *schema;
  ErrorCollector collector = { 0 };

  g_mutex_lock (&schemas_lock);
  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)xmlSchemaFree);
  schema = g_hash_table_lookup (schemas, resource);
  if (schema != NULL)
    {
      g_mutex_unlock (&schemas_lock);
      return schema;
    }

  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    {
      g_mutex_unlock (&schemas_lock);
      return NULL;
    }

  pctxt = xmlSchemaNewMemParserCtxt (g_bytes_get_data (bytes, NULL),
                                     (int)g_bytes_get_size (bytes));
  xmlSchemaSetParserStructuredErrors (pctxt, (xmlStructuredErrorFunc)collect_error_compat,
                                      &collector);
  schema = xmlSchemaParse (pctxt);
  xmlSchemaFreeParserCtxt (pctxt);

  if (schema == NULL)
    g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                 "schema %s does not load: %s", resource,
                 collector.message ? collector.message : "?");
  else
    g_hash_table_insert (schemas, g_strdup (resource), schema);
  g_free (collector.message);
  g_mutex_unlock (&schemas_lock);
  return schema;
}

/**
 * mamori_xml_schema:
 * @schema_resource: the GResource path of an XSD shipped with Mamori
 *
 * Returns: (transfer none) (nullable): the compiled schema (an xmlSchema), loaded once and
 *   kept, for a streaming reader (xmlTextReaderSetSchema)
 */
gpointer
mamori_xml_schema (const char  *schema_resource,
                   GError     **error)
{
  return load_schema (schema_resource, error);
}

/**
 * mamori_xml_validate:
 * @schema_resource: the GResource path of an XSD shipped with Mamori
 *
 * Validates @doc against one of Mamori's schemas.  The error names the first line that is
 * wrong and what is wrong there.
 */
gboolean
mamori_xml_validate (xmlDoc      *doc,
                     const char  *schema_resource,
                     const char  *display_name,
                     GError     **error)
{
  ErrorCollector collector = { 0 };
  xmlSchemaValidCtxt *vctxt;
  xmlSchema *schema;
  int rc;

  schema = load_schema (schema_resource, error);
  if (schema == NULL)
    return FALSE;

  vctxt = xmlSchemaNewValidCtxt (schema);
  xmlSchemaSetValidStructuredErrors (vctxt, (xmlStructuredErrorFunc)collect_error_compat,
                                     &collector);
  rc = xmlSchemaValidateDoc (vctxt, doc);
  xmlSchemaFreeValidCtxt (vctxt);

  if (rc != 0)
    {
      g_autofree char *message = NULL;

      /* libxml2 writes {namespace}element; the namespace is noise to a person. */
      if (collector.message != NULL)
        {
          g_autoptr(GRegex) ns = g_regex_new ("\\{[^}]*\\}", 0, 0, NULL);
          message = g_regex_replace_literal (ns, collector.message, -1, 0, "", 0, NULL);
        }
      g_set_error (error, MAMORI_XML_ERROR, MAMORI_XML_ERROR_INVALID,
                   _("“%s” does not follow its schema (line %d): %s"), display_name,
                   collector.line, message ? message : _("invalid"));
    }
  g_free (collector.message);
  return rc == 0;
}

/**
 * mamori_xml_root_namespace:
 *
 * Reads only as far as the root element of a document, without expanding anything, to tell
 * which kind of Mamori file it is.
 *
 * Returns: (transfer full) (nullable): the namespace URI of the root element, "" if it has
 *   none, %NULL if no root element could be read
 */
char *
mamori_xml_root_namespace (GBytes *bytes)
{
  ErrorCollector collector = { 0 };
  xmlTextReader *reader;
  char *ns = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || len > G_MAXINT || mamori_xml_prolog_has_doctype (data, len))
    return NULL;

  reader = xmlReaderForMemory (data, (int)len, NULL, NULL, XML_PARSE_NONET);
  if (reader == NULL)
    return NULL;
  xmlTextReaderSetStructuredErrorHandler (reader, (xmlStructuredErrorFunc)collect_error_compat,
                                          &collector);
  while (xmlTextReaderRead (reader) == 1)
    {
      int type = xmlTextReaderNodeType (reader);

      if (type == XML_READER_TYPE_DOCUMENT_TYPE)
        break;
      if (type == XML_READER_TYPE_ELEMENT)
        {
          const xmlChar *uri = xmlTextReaderConstNamespaceUri (reader);
          ns = g_strdup (uri ? (const char *)uri : "");
          break;
        }
    }
  xmlFreeTextReader (reader);
  g_free (collector.message);
  return ns;
}

gboolean
mamori_xml_is (xmlNode    *node,
               const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE &&
         strcmp ((const char *)node->name, name) == 0;
}

const char *
mamori_xml_attr (xmlNode    *node,
                 const char *name)
{
  for (xmlAttr *attr = node->properties; attr; attr = attr->next)
    if (strcmp ((const char *)attr->name, name) == 0 && attr->children &&
        attr->children->type == XML_TEXT_NODE)
      return (const char *)attr->children->content;
  return NULL;
}

gboolean
mamori_xml_attr_bool (xmlNode    *node,
                      const char *name,
                      gboolean    fallback)
{
  const char *value = mamori_xml_attr (node, name);

  if (value == NULL)
    return fallback;
  return strcmp (value, "true") == 0 || strcmp (value, "1") == 0;
}

xmlNode *
mamori_xml_child (xmlNode    *node,
                  const char *name)
{
  for (xmlNode *child = node->children; child; child = child->next)
    if (mamori_xml_is (child, name))
      return child;
  return NULL;
}

/**
 * mamori_xml_child_text:
 *
 * Returns: (transfer full) (nullable): the text of the first child element called @name
 */
char *
mamori_xml_child_text (xmlNode    *node,
                       const char *name)
{
  xmlNode *child = mamori_xml_child (node, name);
  xmlChar *content;
  char *text;

  if (child == NULL)
    return NULL;
  content = xmlNodeGetContent (child);
  text = g_strdup ((const char *)content);
  xmlFree (content);
  return text;
}
