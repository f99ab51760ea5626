/* mamori-xml.h — reading XML safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

#define MAMORI_XML_ERROR (mamori_xml_error_quark ())

typedef enum
{
  MAMORI_XML_ERROR_TOO_LARGE,
  MAMORI_XML_ERROR_UNSAFE,     /* DOCTYPE, entities */
  MAMORI_XML_ERROR_MALFORMED,  /* not well-formed, bad encoding, truncated */
  MAMORI_XML_ERROR_INVALID,    /* well-formed but not valid against the schema */
  MAMORI_XML_ERROR_UNKNOWN,    /* a namespace Mamori does not read */
} MamoriXmlError;

/* The first error libxml2 reports (to set with xmlTextReaderSetStructuredErrorHandler and the
 * like, as an xmlStructuredErrorFunc), on one line. */
typedef struct
{
  char *message;
  int   line;
  int   domain;
} MamoriXmlErrors;

GQuark    mamori_xml_error_quark      (void);
void      mamori_xml_errors_collect   (void         *errors,
                                       xmlError     *error);
void      mamori_xml_init             (void);

xmlDoc   *mamori_xml_parse            (GBytes       *bytes,
                                       const char   *display_name,
                                       gsize         max_size,
                                       GError      **error);
gboolean  mamori_xml_validate         (xmlDoc       *doc,
                                       const char   *schema_resource,
                                       const char   *display_name,
                                       GError      **error);
char     *mamori_xml_root_namespace   (GBytes       *bytes);
gboolean  mamori_xml_prolog_has_doctype (const char *data,
                                       gsize       len);
gpointer  mamori_xml_schema           (const char   *schema_resource,
                                       GError      **error);

/* Small DOM helpers over the Mamori namespaces. */
const char *mamori_xml_attr           (xmlNode      *node,
                                       const char   *name);
gboolean    mamori_xml_attr_bool      (xmlNode      *node,
                                       const char   *name,
                                       gboolean      fallback);
xmlNode    *mamori_xml_child          (xmlNode      *node,
                                       const char   *name);
char       *mamori_xml_child_text     (xmlNode      *node,
                                       const char   *name);
gboolean    mamori_xml_is             (xmlNode      *node,
                                       const char   *name);

G_END_DECLS
