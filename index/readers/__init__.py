"""Readers, one per format (text, HTML, DOCX, PDF with a text layer, scanned PDF through OCR), each turning a
file into the same ``Extracted`` text and metadata; ``dispatch.read_source`` picks one by suffix, ``intake``
checks a file before it joins the corpus."""
