# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""HTML to an archival PDF, for every document the product prints (the
decision letter, the project plan): one WeasyPrint call, one variant."""

# PDF/A-3b: the archival PDF WeasyPrint writes (fonts embedded, XMP
# metadata with pdfaid:part 3, an sRGB output intent).
PDF_VARIANT = "pdf/a-3a"


def html_to_pdf(html, css=None):
    """``html`` (a standalone document) as PDF/A bytes, styled by its own
    embedded styles and ``css`` (a stylesheet's text), if given."""
    # WeasyPrint loads its fonts and Pango on import: only when a PDF is made.
    from weasyprint import CSS, HTML

    stylesheets = [CSS(string=css)] if css else None
    return HTML(string=html).write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
