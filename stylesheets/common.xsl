<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: shared templates for every briefpack stylesheet (XSLT 1.0, no extensions).

  Import it first, then call the named templates (all in the bp: namespace):
    bp:money          <money> or amount/currency  →  "£357,000", "£12.50"
    bp:date           any element carrying a date →  "1 April 2007", "April 2007",
                                                      "2007", "mid 2007", "summer 2007"
    bp:date-phrase    the same with a preposition →  "on 1 April 2007", "in April 2007",
                                                      "by mid 2007"
    bp:partner-name   a partner id                →  "Chesterfield Borough Council (CBC)"
    bp:partner-names  a list of partner ids       →  "A (X), B (Y) and C (Z)"
    bp:status-label   a workstream status         →  "Agreed subject to approval"
    bp:savings-phrase an <annual-savings>         →  "Estimated cashable savings of around
                                                      £357,000 per annum"
    bp:savings-total  total annual savings in one currency, formatted
    bp:go-live-phrase "To be operational in April 2007", "Operational since April 2009"
    bp:method-reasons a method's reasons after its description
    bp:classification the programme classification in words
    bp:number-word    1 to 12 as words ("three")
  and apply templates in mode "inline" to text fields: em, strong, link and money
  become HTML em, strong, a and formatted amounts.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                exclude-result-prefixes="bp">

  <xsl:key name="bp-partner" match="/programme/partners/partner" use="@id"/>
  <xsl:key name="bp-body" match="/programme/governance/body" use="@id"/>
  <xsl:key name="bp-workstream" match="/programme/workstreams/workstream" use="@id"/>

  <!-- ============================================================ money -->

  <!-- Formats an amount with its currency symbol and thousands separators; pence are
       shown only when the amount has them. Pass a <money> element as "node", or
       "amount" (and "currency") directly. -->
  <xsl:template name="bp:money">
    <xsl:param name="node" select="."/>
    <xsl:param name="amount" select="$node/@amount"/>
    <xsl:param name="currency" select="$node/@currency"/>
    <xsl:variable name="code">
      <xsl:choose>
        <xsl:when test="string($currency) = ''">GBP</xsl:when>
        <xsl:otherwise><xsl:value-of select="$currency"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$code = 'GBP'">£</xsl:when>
      <xsl:when test="$code = 'EUR'">€</xsl:when>
      <xsl:when test="$code = 'USD'">US$</xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($code, ' ')"/></xsl:otherwise>
    </xsl:choose>
    <xsl:choose>
      <xsl:when test="contains(string($amount), '.') and number($amount) != floor(number($amount))">
        <xsl:value-of select="format-number(number($amount), '#,##0.00')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="format-number(number($amount), '#,##0')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ dates -->

  <xsl:template name="bp:month-name">
    <xsl:param name="month"/>
    <xsl:variable name="m" select="number($month)"/>
    <xsl:choose>
      <xsl:when test="$m = 1">January</xsl:when>
      <xsl:when test="$m = 2">February</xsl:when>
      <xsl:when test="$m = 3">March</xsl:when>
      <xsl:when test="$m = 4">April</xsl:when>
      <xsl:when test="$m = 5">May</xsl:when>
      <xsl:when test="$m = 6">June</xsl:when>
      <xsl:when test="$m = 7">July</xsl:when>
      <xsl:when test="$m = 8">August</xsl:when>
      <xsl:when test="$m = 9">September</xsl:when>
      <xsl:when test="$m = 10">October</xsl:when>
      <xsl:when test="$m = 11">November</xsl:when>
      <xsl:when test="$m = 12">December</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Writes the date carried by "node" (an element with day, month or year
       attributes) at its own precision. Seasons and parts of a year are lower case,
       as in running text; "capitalise" makes the first letter upper case. -->
  <xsl:template name="bp:date">
    <xsl:param name="node" select="."/>
    <xsl:param name="capitalise" select="false()"/>
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="$node/@day">
          <xsl:value-of select="number(substring($node/@day, 9, 2))"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="bp:month-name">
            <xsl:with-param name="month" select="substring($node/@day, 6, 2)"/>
          </xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring($node/@day, 1, 4)"/>
        </xsl:when>
        <xsl:when test="$node/@month">
          <xsl:call-template name="bp:month-name">
            <xsl:with-param name="month" select="substring($node/@month, 6, 2)"/>
          </xsl:call-template>
          <xsl:text> </xsl:text>
          <xsl:value-of select="substring($node/@month, 1, 4)"/>
        </xsl:when>
        <xsl:when test="$node/@year">
          <xsl:if test="$node/@part">
            <xsl:value-of select="concat($node/@part, ' ')"/>
          </xsl:if>
          <xsl:if test="$node/@season">
            <xsl:value-of select="concat($node/@season, ' ')"/>
          </xsl:if>
          <xsl:value-of select="$node/@year"/>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$capitalise">
        <xsl:value-of select="concat(translate(substring($text, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($text, 2))"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The date with the preposition that suits its precision: "on" a day, "in" a
       month or whole year, "by" a part of a year or a season. -->
  <xsl:template name="bp:date-phrase">
    <xsl:param name="node" select="."/>
    <xsl:choose>
      <xsl:when test="$node/@day">on </xsl:when>
      <xsl:when test="$node/@part or $node/@season">by </xsl:when>
      <xsl:otherwise>in </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="bp:date">
      <xsl:with-param name="node" select="$node"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ========================================================= partners -->

  <!-- Full name with the abbreviation; an unknown id is written as it stands (the
       program reports it before any stylesheet runs). -->
  <xsl:template name="bp:partner-name">
    <xsl:param name="id"/>
    <xsl:param name="abbreviation" select="true()"/>
    <xsl:variable name="partner" select="key('bp-partner', $id)"/>
    <xsl:choose>
      <xsl:when test="$partner and $abbreviation">
        <xsl:value-of select="concat($partner/name, ' (', $id, ')')"/>
      </xsl:when>
      <xsl:when test="$partner">
        <xsl:value-of select="$partner/name"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A space-separated list of partner ids as "A (X), B (Y) and C (Z)". -->
  <xsl:template name="bp:partner-names">
    <xsl:param name="ids"/>
    <xsl:param name="abbreviation" select="true()"/>
    <xsl:param name="first" select="true()"/>
    <xsl:variable name="list" select="normalize-space($ids)"/>
    <xsl:if test="$list != ''">
      <xsl:variable name="head">
        <xsl:choose>
          <xsl:when test="contains($list, ' ')"><xsl:value-of select="substring-before($list, ' ')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$list"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:variable name="rest" select="substring-after($list, ' ')"/>
      <xsl:if test="not($first)">
        <xsl:choose>
          <xsl:when test="$rest = ''"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:call-template name="bp:partner-name">
        <xsl:with-param name="id" select="$head"/>
        <xsl:with-param name="abbreviation" select="$abbreviation"/>
      </xsl:call-template>
      <xsl:call-template name="bp:partner-names">
        <xsl:with-param name="ids" select="$rest"/>
        <xsl:with-param name="abbreviation" select="$abbreviation"/>
        <xsl:with-param name="first" select="false()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- ======================================================= workstreams -->

  <xsl:template name="bp:status-label">
    <xsl:param name="status" select="@status"/>
    <xsl:choose>
      <xsl:when test="$status = 'options-appraisal'">Options appraisal</xsl:when>
      <xsl:when test="$status = 'business-case'">Business case</xsl:when>
      <xsl:when test="$status = 'agreed'">Agreed</xsl:when>
      <xsl:when test="$status = 'agreed-subject-to-approval'">Agreed subject to approval</xsl:when>
      <xsl:when test="$status = 'implementing'">Implementing</xsl:when>
      <xsl:when test="$status = 'operational'">Operational</xsl:when>
      <xsl:when test="$status = 'under-consideration'">Under consideration</xsl:when>
      <xsl:otherwise><xsl:value-of select="$status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The amount of an <annual-savings> with "around" when the qualifier says so:
       "around £30,000". -->
  <xsl:template name="bp:savings-amount">
    <xsl:param name="node" select="."/>
    <xsl:if test="contains(concat(' ', $node/@qualifier, ' '), ' around ')">around </xsl:if>
    <xsl:call-template name="bp:money">
      <xsl:with-param name="node" select="$node/money"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A sentence without its full stop: "Estimated cashable savings of around
       £357,000 per annum". -->
  <xsl:template name="bp:savings-phrase">
    <xsl:param name="node" select="."/>
    <xsl:variable name="estimated" select="contains(concat(' ', $node/@qualifier, ' '), ' estimated ')"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="$node/@kind = 'non-cashable'">non-cashable</xsl:when>
        <xsl:otherwise>cashable</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$estimated">
        <xsl:value-of select="concat('Estimated ', $kind)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat(translate(substring($kind, 1, 1), 'cn', 'CN'), substring($kind, 2))"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text> savings of </xsl:text>
    <xsl:call-template name="bp:savings-amount">
      <xsl:with-param name="node" select="$node"/>
    </xsl:call-template>
    <xsl:text> per annum</xsl:text>
  </xsl:template>

  <!-- "To be operational in April 2007", or for a service already running,
       "Operational since April 2009" (no full stop). -->
  <xsl:template name="bp:go-live-phrase">
    <xsl:param name="workstream" select="."/>
    <xsl:choose>
      <xsl:when test="$workstream/@status = 'operational'">
        <xsl:text>Operational since </xsl:text>
        <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$workstream/go-live"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>To be operational </xsl:text>
        <xsl:call-template name="bp:date-phrase"><xsl:with-param name="node" select="$workstream/go-live"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A method's reasons after its description: " a, b and c." straight on when the
       description ends with a colon ("Used to provide:"), else " Reasons: a, b and c." -->
  <xsl:template name="bp:method-reasons">
    <xsl:param name="method" select="."/>
    <xsl:if test="$method/reason">
      <xsl:variable name="d" select="normalize-space($method/description)"/>
      <xsl:if test="substring($d, string-length($d)) != ':'"> Reasons:</xsl:if>
      <xsl:for-each select="$method/reason">
        <xsl:choose>
          <xsl:when test="position() = 1"><xsl:text> </xsl:text></xsl:when>
          <xsl:when test="position() = last()"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="node()" mode="inline"/>
      </xsl:for-each>
      <xsl:text>.</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- Sum of every workstream's annual savings in one currency, formatted. -->
  <xsl:template name="bp:savings-total">
    <xsl:param name="currency" select="'GBP'"/>
    <xsl:variable name="amounts"
                  select="/programme/workstreams/workstream/annual-savings/money
                          [@currency = $currency or (not(@currency) and $currency = 'GBP')]/@amount"/>
    <xsl:call-template name="bp:money">
      <xsl:with-param name="amount" select="sum($amounts)"/>
      <xsl:with-param name="currency" select="$currency"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ========================================================= programme -->

  <!-- "Public", or the Schedule 12A reason for not publishing. -->
  <xsl:template name="bp:classification">
    <xsl:param name="node" select="/programme/classification"/>
    <xsl:choose>
      <xsl:when test="$node/@level = 'exempt'">
        <xsl:text>Not for publication: exempt information under paragraph </xsl:text>
        <xsl:value-of select="$node/@paragraph"/>
        <xsl:text> of Part 1 of Schedule 12A to the Local Government Act 1972</xsl:text>
        <xsl:choose>
          <xsl:when test="$node/@paragraph = 1"> (information relating to any individual)</xsl:when>
          <xsl:when test="$node/@paragraph = 2"> (information likely to reveal the identity of an individual)</xsl:when>
          <xsl:when test="$node/@paragraph = 3"> (financial or business affairs)</xsl:when>
          <xsl:when test="$node/@paragraph = 4"> (labour relations consultations or negotiations)</xsl:when>
          <xsl:when test="$node/@paragraph = 5"> (legal professional privilege)</xsl:when>
          <xsl:when test="$node/@paragraph = 6"> (notices, orders or directions)</xsl:when>
          <xsl:when test="$node/@paragraph = 7"> (prevention, investigation or prosecution of crime)</xsl:when>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>Public</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A contact as one line: name, job title, organisation, email, phone. -->
  <xsl:template name="bp:person">
    <xsl:param name="node" select="."/>
    <xsl:for-each select="$node/name | $node/job-title | $node/organisation">
      <xsl:if test="position() > 1">, </xsl:if>
      <xsl:value-of select="normalize-space(.)"/>
    </xsl:for-each>
    <xsl:if test="$node/@partner">
      <xsl:text>, </xsl:text>
      <xsl:call-template name="bp:partner-name">
        <xsl:with-param name="id" select="$node/@partner"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="bp:number-word">
    <xsl:param name="n"/>
    <xsl:choose>
      <xsl:when test="$n = 1">one</xsl:when>
      <xsl:when test="$n = 2">two</xsl:when>
      <xsl:when test="$n = 3">three</xsl:when>
      <xsl:when test="$n = 4">four</xsl:when>
      <xsl:when test="$n = 5">five</xsl:when>
      <xsl:when test="$n = 6">six</xsl:when>
      <xsl:when test="$n = 7">seven</xsl:when>
      <xsl:when test="$n = 8">eight</xsl:when>
      <xsl:when test="$n = 9">nine</xsl:when>
      <xsl:when test="$n = 10">ten</xsl:when>
      <xsl:when test="$n = 11">eleven</xsl:when>
      <xsl:when test="$n = 12">twelve</xsl:when>
      <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ inline -->

  <!-- Text fields: apply templates to the field's children in mode "inline". -->
  <xsl:template match="text()" mode="inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="em" mode="inline">
    <em><xsl:apply-templates mode="inline"/></em>
  </xsl:template>

  <xsl:template match="strong" mode="inline">
    <strong><xsl:apply-templates mode="inline"/></strong>
  </xsl:template>

  <xsl:template match="link" mode="inline">
    <a href="{@href}"><xsl:apply-templates mode="inline"/></a>
  </xsl:template>

  <xsl:template match="money" mode="inline">
    <xsl:call-template name="bp:money"/>
  </xsl:template>

  <!-- Anything else (a future element) keeps its text. -->
  <xsl:template match="*" mode="inline">
    <xsl:apply-templates mode="inline"/>
  </xsl:template>

</xsl:stylesheet>
