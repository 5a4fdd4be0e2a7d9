<?xml version="1.0" encoding="UTF-8"?>
<!--
  changes.xsl: "What has changed since last time", for the board paper and the
  newsletter. With -p previous=FILE (a programme file; a relative name is found
  beside the input), the section compares the two versions of the data: workstreams
  new, gone or with a new status, savings figures new or changed, next steps added
  and next steps completed or dropped. Without the parameter it writes nothing.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                exclude-result-prefixes="bp">

  <!-- The earlier version of the data: a path, relative to the input's folder. -->
  <xsl:param name="previous" select="''"/>

  <!-- A next step's identity across versions: its text, spaces normalised. -->
  <xsl:template name="bp:step-key">
    <xsl:param name="step" select="."/>
    <xsl:value-of select="normalize-space($step/text)"/>
  </xsl:template>

  <xsl:template name="bp:changes-section">
    <xsl:param name="heading" select="'What has changed since the last report'"/>
    <xsl:if test="$previous != ''">
      <xsl:variable name="now" select="/programme"/>
      <xsl:variable name="old" select="document($previous, /)/programme"/>
      <section id="changes">
        <h2><xsl:value-of select="$heading"/></h2>
        <xsl:choose>
          <xsl:when test="not($old)">
            <p>The earlier version of the data could not be read, so no changes are shown.</p>
          </xsl:when>
          <xsl:otherwise>
            <p>
              <xsl:text>Compared with the data as at </xsl:text>
              <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$old/as-at"/></xsl:call-template>
              <xsl:text>:</xsl:text>
            </p>
            <xsl:variable name="items">
              <xsl:for-each select="$now/workstreams/workstream">
                <xsl:variable name="id" select="@id"/>
                <xsl:variable name="was" select="$old/workstreams/workstream[@id = $id]"/>
                <xsl:variable name="name" select="normalize-space(name)"/>
                <xsl:choose>
                  <xsl:when test="not($was)">
                    <li>
                      <strong><xsl:value-of select="$name"/></strong>
                      <xsl:text> is a new workstream (</xsl:text>
                      <xsl:call-template name="bp:status-label"/>
                      <xsl:text>).</xsl:text>
                    </li>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:if test="$was/@status != @status">
                      <li>
                        <strong><xsl:value-of select="$name"/></strong>
                        <xsl:text>: status changed from </xsl:text>
                        <xsl:call-template name="bp:status-label"><xsl:with-param name="status" select="$was/@status"/></xsl:call-template>
                        <xsl:text> to </xsl:text>
                        <xsl:call-template name="bp:status-label"/>
                        <xsl:text>.</xsl:text>
                      </li>
                    </xsl:if>
                    <xsl:variable name="amount" select="annual-savings/money/@amount"/>
                    <xsl:variable name="was-amount" select="$was/annual-savings/money/@amount"/>
                    <xsl:choose>
                      <xsl:when test="$amount and not($was-amount)">
                        <li>
                          <strong><xsl:value-of select="$name"/></strong>
                          <xsl:text>: annual savings now estimated at </xsl:text>
                          <xsl:call-template name="bp:money"><xsl:with-param name="node" select="annual-savings/money"/></xsl:call-template>
                          <xsl:text>.</xsl:text>
                        </li>
                      </xsl:when>
                      <xsl:when test="$amount and number($amount) != number($was-amount)">
                        <li>
                          <strong><xsl:value-of select="$name"/></strong>
                          <xsl:text>: estimated annual savings changed from </xsl:text>
                          <xsl:call-template name="bp:money"><xsl:with-param name="node" select="$was/annual-savings/money"/></xsl:call-template>
                          <xsl:text> to </xsl:text>
                          <xsl:call-template name="bp:money"><xsl:with-param name="node" select="annual-savings/money"/></xsl:call-template>
                          <xsl:text>.</xsl:text>
                        </li>
                      </xsl:when>
                    </xsl:choose>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
              <xsl:for-each select="$old/workstreams/workstream[not(@id = $now/workstreams/workstream/@id)]">
                <li>
                  <strong><xsl:value-of select="normalize-space(name)"/></strong>
                  <xsl:text> is no longer reported.</xsl:text>
                </li>
              </xsl:for-each>
              <xsl:for-each select="$old/next-steps/step">
                <xsl:variable name="key" select="normalize-space(text)"/>
                <xsl:if test="not($now/next-steps/step[normalize-space(text) = $key])">
                  <li>
                    <xsl:text>Completed or no longer planned: </xsl:text>
                    <xsl:apply-templates select="text/node()" mode="inline"/>
                  </li>
                </xsl:if>
              </xsl:for-each>
              <xsl:for-each select="$now/next-steps/step">
                <xsl:variable name="key" select="normalize-space(text)"/>
                <xsl:if test="not($old/next-steps/step[normalize-space(text) = $key])">
                  <li>
                    <xsl:text>New next step: </xsl:text>
                    <xsl:apply-templates select="text/node()" mode="inline"/>
                  </li>
                </xsl:if>
              </xsl:for-each>
            </xsl:variable>
            <xsl:choose>
              <xsl:when test="string($items) != ''">
                <ul class="changes"><xsl:copy-of select="$items"/></ul>
              </xsl:when>
              <xsl:otherwise>
                <p>No workstream has changed its status or savings, and the next steps are the same.</p>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
