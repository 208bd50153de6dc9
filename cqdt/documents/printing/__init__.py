"""Printable outputs: the registers (Appendix IV of Decree 30/2020) as PDF and XLSX, the handling slip."""
