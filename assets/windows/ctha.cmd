@echo off
rem `ctha` command line, installed next to the desktop app. The app's Electron binary cannot run it
rem (its RunAsNode fuse is off), so a system Node.js runs the CLI bundle shipped in resources\ctha.
where node >nul 2>nul || (echo ctha: the command line needs Node.js 20.19 or later on PATH; the desktop app itself works without it. 1>&2 & exit /b 9009)
node "%~dp0resources\ctha\dist\cli\ctha.js" %*
