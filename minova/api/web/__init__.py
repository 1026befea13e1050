"""minova-api's web pages under ``/minova``: an overview of the cloud and
each server's actions drawn as an SVG timeline. Server-rendered HTML, no
JavaScript, no build step; the data comes from the compute API itself
(``client``), so a page shows what the REST API shows that caller."""
