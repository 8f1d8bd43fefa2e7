// Shows the print buttons, which need JavaScript; without it the page still links to the PDF.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
