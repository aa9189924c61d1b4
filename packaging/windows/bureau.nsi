; Bureau's Windows installer (NSIS 3, Debian package `nsis`).
;
; Built by scripts/dist-installer.sh (make dist-installer), which passes:
;   VERSION      0.1.0          (FyneApp.toml Version)
;   FILEVERSION  0.1.0.1        (Version.Build, four numbers)
;   SRCDIR       build/dist/windows  (bureau.exe, bureau-cli.exe, bureau.ico)
;   OUTFILE      build/dist/Bureau-Setup-0.1.0.exe
;
; Per-user install: no administrator rights, files in
; %LOCALAPPDATA%\Programs\Bureau, shortcuts in the user's Start menu and on
; the desktop, uninstaller registered under HKCU. The user's data
; (%APPDATA%\Bureau) is never touched, neither by install nor uninstall.
; This file is UTF-8: makensis is run with -INPUTCHARSET UTF8.

!ifndef VERSION | FILEVERSION | SRCDIR | OUTFILE
  !error "Build with scripts/dist-installer.sh (make dist-installer)."
!endif

; A 64-bit installer, like Bureau: it also runs under Debian's wine64,
; which has no 32-bit support, so CI can install and uninstall for real.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define APPNAME "Bureau"
!define PUBLISHER "Bureau"
!define WEBSITE "https://github.com/bureau-asso/bureau"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Bureau"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Bureau"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${FILEVERSION}"
VIFileVersion "${FILEVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Installation de Bureau ${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Bureau"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${SRCDIR}\bureau.ico"
!define MUI_UNICON "${SRCDIR}\bureau.ico"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "$(FinishText)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\bureau.exe"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(UninstallKeepsData)"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; French first: the installer speaks the language of Windows when it is
; French or English, and French otherwise.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsWindows64 ${LANG_FRENCH} "Bureau nécessite Windows 10 ou plus récent, en version 64 bits."
LangString NeedsWindows64 ${LANG_ENGLISH} "Bureau needs Windows 10 or later, 64-bit."
LangString CLIShortcut ${LANG_FRENCH} "Bureau (ligne de commande)"
LangString CLIShortcut ${LANG_ENGLISH} "Bureau (command line)"
LangString FinishText ${LANG_FRENCH} "Bureau est installé. Ouvrez-le depuis le menu Démarrer ou l'icône du bureau.$\r$\n$\r$\nVos données seront enregistrées dans le dossier %APPDATA%\Bureau, avec une sauvegarde automatique chaque jour."
LangString FinishText ${LANG_ENGLISH} "Bureau is installed. Open it from the Start menu or the desktop icon.$\r$\n$\r$\nYour data will be kept in the %APPDATA%\Bureau folder, with an automatic backup every day."
LangString UninstallKeepsData ${LANG_FRENCH} "Le programme Bureau va être désinstallé. Vos données (le dossier %APPDATA%\Bureau, base et sauvegardes) sont conservées : supprimez ce dossier vous-même si vous n'en avez plus besoin."
LangString UninstallKeepsData ${LANG_ENGLISH} "The Bureau program will be uninstalled. Your data (the %APPDATA%\Bureau folder, database and backups) is kept: delete that folder yourself if you no longer need it."

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows64)" /SD IDOK
    SetErrorLevel 2
    Abort
  ${EndIf}
FunctionEnd

Section "Bureau" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SRCDIR}\bureau.exe"
  File "${SRCDIR}\bureau-cli.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts start in $INSTDIR (the current SetOutPath).
  CreateDirectory "$SMPROGRAMS\Bureau"
  CreateShortCut "$SMPROGRAMS\Bureau\Bureau.lnk" "$INSTDIR\bureau.exe" "" "$INSTDIR\bureau.exe" 0
  CreateShortCut "$SMPROGRAMS\Bureau\$(CLIShortcut).lnk" "$SYSDIR\cmd.exe" '/k bureau-cli.exe help' "$INSTDIR\bureau-cli.exe" 0
  CreateShortCut "$DESKTOP\Bureau.lnk" "$INSTDIR\bureau.exe" "" "$INSTDIR\bureau.exe" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "URLInfoAbout" "${WEBSITE}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\bureau.exe,0"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  Delete "$DESKTOP\Bureau.lnk"
  Delete "$SMPROGRAMS\Bureau\Bureau.lnk"
  Delete "$SMPROGRAMS\Bureau\Bureau (ligne de commande).lnk"
  Delete "$SMPROGRAMS\Bureau\Bureau (command line).lnk"
  RMDir "$SMPROGRAMS\Bureau"

  Delete "$INSTDIR\bureau.exe"
  Delete "$INSTDIR\bureau-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
