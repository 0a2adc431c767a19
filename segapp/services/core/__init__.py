"""Sign-in, download links, numbering series, paging and the refusal type: what every area uses."""
