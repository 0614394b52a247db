/**
 * /kich-hoat/?tk=…&ma=… (the QR code of an activation letter): once the server has filled the form
 * in, the query is taken off the address bar and the history entry, so the code is not left
 * behind in the browser's history or shown to someone looking over a shoulder.
 */
if (window.location.search) window.history.replaceState(null, '', window.location.pathname);
