<?xml version="1.0" encoding="UTF-8"?>
<!-- A stylesheet that calls itself for ever (see runaway-stylesheet.cmd). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><html><body><xsl:call-template name="again"/></body></html></xsl:template>
  <xsl:template name="again"><xsl:call-template name="again"/></xsl:template>
</xsl:stylesheet>
