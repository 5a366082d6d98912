"""Writes data/personal.xlsx, the example's staff figures, as an HR system's Excel export.

Run from the example folder:  python3 tools/make_personal_xlsx.py   (needs: pip install openpyxl)

The workbook shows what berattelse reads in a real .xlsx file:
- the sheet named like the file ("Personal") is read, not the first one ("Om filen");
- shares are numeric cells formatted as percent (0.101 shown as 10,1 %), read as 10.1;
- counts and means are plain numeric cells; kön splits sick leave and full-time share.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

YEARS = [2021, 2022, 2023, 2024]

# (mått, kön, percent cell?, values 2021-2024)
ROWS = [
    ("sjukfrånvaro", "", True, [10.1, 9.4, 8.7, 8.2]),
    ("sjukfrånvaro", "K", True, [10.6, 9.9, 9.1, 8.6]),
    ("sjukfrånvaro", "M", True, [7.3, 6.8, 6.5, 6.0]),
    ("långtidssjukfrånvaro", "", True, [41.2, 44.6, 46.3, 43.8]),
    ("heltidsandel", "", True, [71, 76, 81, 84]),
    ("heltidsandel", "K", True, [69, 75, 80, 83]),
    ("heltidsandel", "M", True, [82, 84, 87, 89]),
    ("personalomsättning", "", True, [12.4, 13.8, 11.9, 10.6]),
    ("andel undersköterskor", "", True, [64, 67, 71, 74]),
    # Personalkontinuitet comes from Kolada (data/kolada.json), not from this workbook.
    ("anställda", "", False, [1142, 1156, 1171, 1184]),
]
TRAINED = [
    ("demens", [38, 45, 52, 57]),
    ("palliativ vård", [24, 31, 35, 42]),
]


def percent_value(v):
    # 10.1 % is stored as 0.101; round() keeps the binary value the shortest one for 0.101.
    return round(v / 100, 6)


def main():
    wb = Workbook()
    about = wb.active
    about.title = "Om filen"
    about["A1"] = "Nyckeltal för personal, uttag ur personalsystemet. Data finns på bladet Personal."
    ws = wb.create_sheet("Personal")
    header = ["År", "Kön", "Mått", "Utbildning", "Värde", "Not"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, year in enumerate(YEARS):
        for name, sex, percent, values in ROWS:
            value = values[i]
            ws.append([year, sex or None, name, None, percent_value(value) if percent else value, None])
            if percent:
                ws.cell(row=ws.max_row, column=5).number_format = "0.0%"
        for training, values in TRAINED:
            ws.append([year, None, "utbildad personal", training, values[i], None])
    ws.column_dimensions["C"].width = 24
    ws.column_dimensions["D"].width = 16
    out = Path(__file__).resolve().parent.parent / "data" / "personal.xlsx"
    wb.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
