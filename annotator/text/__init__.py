"""From a file's bytes to a document: text, paragraphs, sentences. Knows nothing of coding."""
