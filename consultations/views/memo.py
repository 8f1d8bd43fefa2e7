"""相談メモ: one A4 sheet a family fills in before calling, and keeps beside the phone."""

from django.shortcuts import render

from pagecache.decorators import public_page

from ..printing.pdf import html_pdf, pdf_response


@public_page
def memo(request):
    return render(request, "consultations/memo.html")


@public_page
def memo_pdf(request):
    return pdf_response(html_pdf("consultations/memo.html", {"pdf": True}), "soudan-memo.pdf")
