"""The catalog's pages: public (catalogue, declarations), the enterprise's own
declarations, the lab's samples, and the bureau's pages."""
