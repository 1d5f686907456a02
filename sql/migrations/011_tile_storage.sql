-- Room in every page of modules for updated row versions: an audit rewrites the status
-- of thousands of modules, and with free space each new version stays in its page (a
-- HOT update), so modules laid out together stay stored together and a tile reads a
-- few hundred pages, not one page per module. Applies to pages written from now on.
alter table modules set (fillfactor = 80);
